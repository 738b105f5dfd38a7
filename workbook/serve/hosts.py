"""Which Host headers the server answers: a tokenless loopback server reachable through any name would let a
web page rebind its own domain to 127.0.0.1 and drive the app (DNS rebinding)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
WILDCARDS = ("0.0.0.0", "::", "")


def bare(host: str) -> str:
    """A Host header's name: lower case, no port, no IPv6 brackets."""
    name = host.strip().lower()
    if name.startswith("["):
        return name[1:name.find("]")] if "]" in name else name[1:]
    return name.rsplit(":", 1)[0] if name.count(":") == 1 else name


def allowed_hosts(bind: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """Loopback names, the address the server binds (unless a wildcard) and the names given with --allow-host."""
    names = {*LOOPBACK_NAMES, *(bare(n) for n in extra if n.strip())}
    if bind not in WILDCARDS:
        names.add(bare(bind))
    return frozenset(names)


def host_allowed(host: str, allowed: frozenset[str], wildcard: bool) -> bool:
    """`host` (the request's Host header) is one of `allowed`; bound to every interface, any IP address is
    also fine: rebinding needs a domain name, and a team reaches the server by its address."""
    name = bare(host)
    if name in allowed:
        return True
    if not wildcard:
        return False
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def guarded_application(allowed: frozenset[str], wildcard: bool) -> Any:
    """tornado's Application answering 403 to a request whose Host is not allowed, before any handler runs."""
    import tornado.web

    class HostGuardedApplication(tornado.web.Application):
        def find_handler(self, request: Any, **kwargs: Any) -> Any:
            if not host_allowed(request.host or "", allowed, wildcard):
                return self.get_handler_delegate(request, tornado.web.ErrorHandler, {"status_code": 403})
            return super().find_handler(request, **kwargs)

    return HostGuardedApplication
