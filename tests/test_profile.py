from pathlib import Path

import pytest
import yaml

from workbook import paths
from workbook.clients import init_client
from workbook.profile import ProfileError, load_profile, parse_profile


def test_defaults_match_metrics_md() -> None:
    profile = parse_profile({"name": "x"})
    assert profile.timezone == "Asia/Shanghai" and profile.language == "zh-CN"
    assert profile.heavy_poster_min_messages == 10
    assert profile.event_score_weights.model_dump() == {
        "attendance_rate": 0.25, "satisfaction": 0.25, "nps": 0.20, "learning": 0.15, "application": 0.15}
    assert (profile.screening_thresholds.accept, profile.screening_thresholds.waitlist) == (70, 50)
    assert profile.points.message_daily_cap == 20 and profile.points.event_attended == 10
    assert [lv.min_points for lv in profile.levels] == [0, 50, 200, 500, 1000]
    assert profile.level_for(199, "zh-CN") == "活跃" and profile.level_for(200, "en") == "Contributor"
    assert profile.privacy.min_group_size == 5
    assert {r.name for r in profile.rules} == {"ads", "abuse"}


def test_one_message_per_bad_key() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile({"name": "x", "timezone": "Mars/Base", "heavy_poster_min_messages": 0,
                       "screening_thresholds": {"accept": 40, "waitlist": 60}, "colour": "red",
                       "rules": [{"name": "ads", "patterns": ["("]}]}, "client.yaml")
    problems = caught.value.problems
    assert len(problems) == 5
    text = "\n".join(problems)
    for key in ("timezone", "heavy_poster_min_messages", "screening_thresholds", "colour", "rules.0.patterns"):
        assert f"`{key}" in text
    assert "Mars/Base" in text


def test_missing_name_and_not_a_mapping() -> None:
    with pytest.raises(ProfileError, match="`name`: required key is missing"):
        parse_profile({"language": "en"})
    with pytest.raises(ProfileError, match="mapping"):
        parse_profile(["a"])


def test_init_then_load_round_trip() -> None:
    path = init_client("acme", lang="en", timezone="Europe/Berlin", name="ACME Academy")
    assert path == paths.profile_path("acme")
    profile = load_profile("acme")
    assert (profile.name, profile.language, profile.timezone) == ("ACME Academy", "en", "Europe/Berlin")
    with pytest.raises(ProfileError, match="already exists"):
        init_client("acme")


def test_bad_yaml_names_the_file(tmp_path: Path) -> None:
    init_client("acme")
    paths.profile_path("acme").write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"client\.yaml: not valid YAML"):
        load_profile("acme")
    paths.profile_path("acme").write_text(yaml.safe_dump({"name": "a", "language": "fr"}), encoding="utf-8")
    with pytest.raises(ProfileError, match="`language`"):
        load_profile("acme")
