"""`workbook serve --users users.yaml`: one token per facilitator, each limited to named clients.

users.yaml maps a name to its token and clients: `ann: {token: "…", clients: [demo, acme]}` or
`clients: "*"`. The signed-in name is what the forms record as `who`."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jupyter_server.auth import User
from jupyter_server.auth.identity import PasswordIdentityProvider
from traitlets import Unicode

from workbook.forms.request import ALL_CLIENTS, CLIENT_NAME

MIN_TOKEN = 16


class UsersFileError(ValueError):
    """users.yaml is unreadable or has bad entries; one line per problem."""


@dataclass(frozen=True)
class Facilitator:
    name: str
    token: str
    clients: frozenset[str] | None  # None: every client

    def may_open(self, client: str) -> bool:
        return self.clients is None or client in self.clients

    @property
    def clients_header(self) -> str:
        return ALL_CLIENTS if self.clients is None else ",".join(sorted(self.clients))


def load_users(path: Path) -> dict[str, Facilitator]:
    """Every facilitator of `path` by name; UsersFileError listing each bad entry."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UsersFileError(f"{path}: {exc}") from None
    if not isinstance(data, dict) or not data:
        raise UsersFileError(f"{path}: expected a mapping of name → {{token, clients}}")
    problems: list[str] = []
    users: dict[str, Facilitator] = {}
    tokens: set[str] = set()
    for name, entry in data.items():
        where = f"{path}: {name}"
        if not isinstance(name, str) or not name.strip() or not name.isprintable():
            problems.append(f"{path}: {name!r}: a name is printable text")
            continue
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected {{token: …, clients: […] or \"*\"}}")
            continue
        token, clients = entry.get("token"), entry.get("clients")
        if not isinstance(token, str) or len(token) < MIN_TOKEN:
            problems.append(f"{where}: token must be text of at least {MIN_TOKEN} characters")
        elif token in tokens:
            problems.append(f"{where}: token is shared with another user")
        else:
            tokens.add(token)
        if clients == ALL_CLIENTS:
            allowed = None
        elif isinstance(clients, list) and clients and all(
                isinstance(c, str) and CLIENT_NAME.fullmatch(c) for c in clients):
            allowed = frozenset(clients)
        else:
            problems.append(f'{where}: clients must be a list of client names or "*"')
            continue
        if isinstance(token, str):
            users[name] = Facilitator(name, token, allowed)
    if problems:
        raise UsersFileError("\n".join(problems))
    return users


def find_by_token(users: dict[str, Facilitator], token: str) -> Facilitator | None:
    """The facilitator holding `token`, compared in constant time against every token."""
    found = None
    for user in users.values():
        if hmac.compare_digest(user.token.encode(), token.encode()):
            found = user
    return found


class UsersIdentityProvider(PasswordIdentityProvider):  # type: ignore[misc]
    """jupyter_server's identity provider, reading personal tokens instead of one shared token."""

    users_file = Unicode("", config=True, help="users.yaml: name → {token, clients}")

    @property
    def users(self) -> dict[str, Facilitator]:
        if not hasattr(self, "_users"):
            self._users = load_users(Path(self.users_file))
        return self._users

    def _user(self, token: str | None) -> User | None:
        found = find_by_token(self.users, token) if token else None
        return User(username=found.name, name=found.name, display_name=found.name) if found else None

    async def get_user_token(self, handler: Any) -> User | None:
        return self._user(self.get_token(handler))

    def get_user_cookie(self, handler: Any) -> Any:
        # A cookie from before users.yaml changed names someone who may no longer be listed.
        user = super().get_user_cookie(handler)
        return user if user is not None and getattr(user, "username", None) in self.users else None

    def process_login_form(self, handler: Any) -> User | None:
        return self._user(handler.get_argument("password", default=""))

    def facilitator(self, handler: Any) -> Facilitator | None:
        user = handler.current_user
        return self.users.get(getattr(user, "username", "")) if user else None
