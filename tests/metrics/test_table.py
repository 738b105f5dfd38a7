"""render_table in both languages."""

from __future__ import annotations

from typing import Any

from workbook import metrics


def test_both_languages(document: dict[str, Any]) -> None:
    zh = metrics.render_table(document, "zh-CN")
    en = metrics.render_table(document, "en")
    assert "发言率" in zh and "0.5556" in zh
    assert "Posting rate" in en and "0.5556" in en
    # Every suggestion is printed in the chosen language.
    assert all(s["en"] in en for s in document["recommendations"])
    assert "goal G2" in en
