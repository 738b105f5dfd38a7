"""Values and slogan: the banner of the summary page and the yearbook, and the app header's mottos."""

from __future__ import annotations

import json

from tests.forms.client import CLIENT, write_client
from workbook.forms.values import banner_html, mottos
from workbook.profile import Positioning, load_profile, save_profile


def test_banner_in_both_languages_escaped() -> None:
    positioning = Positioning(values=["学习", "分享", "<成长>"], slogan="星星之火，学以致用")
    chinese = banner_html(positioning, "zh-CN")
    assert "星星之火，学以致用" in chinese and "价值观" in chinese and "&lt;成长&gt;" in chinese
    assert chinese.count("<li") == 3
    english = banner_html(Positioning(values=["Share", " "], slogan=""), "en")
    assert "Our values" in english and "wb-slogan" not in english and english.count("<li") == 1
    assert banner_html(Positioning(), "en") == ""


def test_mottos_of_the_clients_a_facilitator_may_open(db_url: str) -> None:
    write_client(CLIENT, db_url)
    write_client("other", db_url)
    profile = load_profile(CLIENT)
    profile.positioning = profile.positioning.model_copy(update={"values": ["互助"], "slogan": "一起学"})
    save_profile(CLIENT, profile)
    assert mottos([CLIENT, "other", "missing"]) == {CLIENT: {"slogan": "一起学", "values": ["互助"]}}
    assert mottos([CLIENT, "other"], allowed=lambda c: c == "other") == {}

    from workbook.serve.shell import script

    config = json.loads(script(None).split("\n", 1)[0].removeprefix("window.WB_SHELL = ").rstrip(";"))
    assert config["mottos"] == {CLIENT: {"slogan": "一起学", "values": ["互助"]}}
    assert "wb-motto" in script(None)
