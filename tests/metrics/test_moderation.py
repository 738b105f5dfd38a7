"""moderation: rule matches and links outside allowed_domains."""

from __future__ import annotations

from typing import Any

import pandas as pd

from workbook.metrics.moderation import foreign_links


def test_violations(document: dict[str, Any]) -> None:
    mod = document["moderation"]
    # ads: a4 "加微信", a5 link to spam.example.com, a11 "优惠券"; s1's learn.corp.com link is allowed.
    # abuse: a3 "stupid".
    assert mod["violations"] == {"ads": 3, "abuse": 1}
    assert mod["message_ids"] == {"ads": ["a11", "a4", "a5"], "abuse": ["a3"]}
    assert mod["flagged_messages"] == 4
    # m1 wrote a3, a4, a5; m9 only a11.
    assert mod["repeat_offenders"] == ["m1"]


def test_foreign_links() -> None:
    texts = pd.Series(["see https://corp.com/a", "http://x.corp.com", "https://evilcorp.com", "no link"])
    assert foreign_links(texts, ["corp.com"]).tolist() == [False, False, True, False]
