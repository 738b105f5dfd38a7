"""serve() refuses a busy port with a clear message and asks for a token off loopback."""

from __future__ import annotations

import socket

import pytest

from workbook import paths, serve


def test_busy_port_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        assert serve.serve(port, "127.0.0.1", None, 1, False) == 2
    assert f"Port {port} on 127.0.0.1 is already in use" in capsys.readouterr().err


def test_voila_options() -> None:
    argv = serve.voila_argv(paths.NOTEBOOKS_DIR, 9000, "0.0.0.0", "s3cret", 2, False)
    assert "--Voila.port_retries=0" in argv and "--token=s3cret" in argv and "--template=workbook" in argv
    assert "--preheat_kernel=True" in argv and "--pool_size=2" in argv
    assert serve.is_loopback("127.0.0.1") and serve.is_loopback("::1") and not serve.is_loopback("0.0.0.0")


def test_template_has_no_remote_links() -> None:
    template = serve.TEMPLATE_ROOT / "voila" / "templates" / "workbook" / "index.html.j2"
    text = template.read_text(encoding="utf-8")
    assert "cdn." not in text and "https://" not in text


def test_home_page_is_localised_and_kernel_free() -> None:
    from workbook.serve.home import render

    page = render({"client": "pilot", "period": "2026-W43", "who": "<b>x</b>"}, "zh-CN", ["demo", "pilot"],
                  "/voila/render/", None)
    assert "社群运营工作簿" in page and 'value="pilot" selected' in page and 'value="2026-W43"' in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    assert 'href="/voila/render/01_goals.ipynb"' in page
    assert "https://" not in page and "http://" not in page.replace('xmlns="http://', "")
    english = render({"lang": "en"}, "zh-CN", [], "/voila/render/", None)
    assert "No community yet" in english


def test_signed_in_home_shows_the_name_read_only() -> None:
    from workbook.serve.home import render

    page = render({"who": "mallory"}, "en", ["pilot"], "/voila/render/", "ann")
    assert 'value="ann" readonly' in page and "mallory" not in page
