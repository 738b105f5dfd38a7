"""client.yaml `branding` (display name, logo, colour): checked with messages naming the key, and shown in the
chart theme, the app shell's header and the report pages' header."""

from __future__ import annotations

import base64
from pathlib import Path

import pandas as pd
import pytest

from workbook import branding, paths
from workbook.profile import ProfileError, load_profile, parse_profile

# A 1×1 PNG (the smallest valid one): what a logo file's first bytes must look like.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
COLOUR = "#8a2be2"
BRANDED = f"""name: Acme Academy
language: en
branding:
  display_name: Acme Corp
  logo: brand/logo.png
  colour: "{COLOUR.upper()}"
"""


@pytest.fixture
def acme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Client acme with a branding block and its logo; another client, plain, without one."""
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(tmp_path / "data"))
    folder = paths.client_dir("acme")
    (folder / "brand").mkdir(parents=True)
    (folder / "brand" / "logo.png").write_bytes(PNG)
    paths.profile_path("acme").write_text(BRANDED, encoding="utf-8")
    paths.client_dir("plain").mkdir()
    paths.profile_path("plain").write_text("name: Plain\n", encoding="utf-8")
    yield folder
    branding.activate("plain")


def _refused(block: str) -> list[str]:
    with pytest.raises(ProfileError) as refused:
        parse_profile({"name": "x", "branding": yaml_block(block)})
    return refused.value.problems


def yaml_block(text: str) -> dict[str, str]:
    import yaml

    return yaml.safe_load(text)  # type: ignore[no-any-return]


def test_profile_reads_branding_and_normalises_the_colour(acme: Path) -> None:
    profile = load_profile("acme")
    assert profile.branding.display_name == "Acme Corp" and profile.branding.colour == COLOUR
    assert parse_profile({"name": "x", "branding": {"colour": "#36C"}}).branding.colour == "#3366cc"
    assert load_profile("plain").branding == branding.Branding()


@pytest.mark.parametrize(("block", "key", "words"), [
    ("colour: blue", "branding.colour", "not a colour: write it as hex"),
    ("colour: '#12345'", "branding.colour", "not a colour"),
    ("logo: ../other/logo.png", "branding.logo", "must be a file inside the client's folder"),
    ("logo: /etc/passwd.png", "branding.logo", "must be a file inside the client's folder"),
    ("logo: 'C:\\\\logo.png'", "branding.logo", "must be a file inside the client's folder"),
    ("logo: logo.gif", "branding.logo", "not a PNG, SVG or JPEG file"),
    ("colour: '#fff'\nlogoo: x.png", "branding.logoo", "unknown key"),
])
def test_a_bad_value_is_refused_naming_its_key(block: str, key: str, words: str) -> None:
    [problem] = _refused(block)
    assert problem.startswith(f"key `{key}`:") and words in problem


def test_the_logo_is_inlined_as_a_data_uri(acme: Path) -> None:
    brand = branding.brand_for("acme")
    assert brand is not None
    assert (brand.name, brand.colour) == ("Acme Corp", COLOUR)
    assert brand.logo == "data:image/png;base64," + base64.b64encode(PNG).decode("ascii")
    assert branding.brand_for("plain") is None and branding.brand_for("../acme") is None
    assert branding.problems("acme", "en") == []


def _with_logo(acme: Path, logo: str) -> None:
    paths.profile_path("acme").write_text(BRANDED.replace("brand/logo.png", logo), encoding="utf-8")


def test_a_bad_logo_file_is_named_in_the_operators_language(acme: Path, tmp_path: Path) -> None:
    profile_file = paths.profile_path("acme")
    _with_logo(acme, "brand/missing.png")
    [missing] = branding.problems("acme", "en")
    assert missing == f"{profile_file}: key branding.logo: the file {acme.resolve() / 'brand/missing.png'} " \
                      "does not exist"
    assert branding.problems("acme", "zh-CN")[0].endswith("不存在")
    brand = branding.brand_for("acme")  # pages still show the name and colour, without the logo
    assert brand is not None and brand.logo == "" and brand.colour == COLOUR

    (acme / "brand" / "fake.png").write_text("<html>not a picture</html>", encoding="utf-8")
    _with_logo(acme, "brand/fake.png")
    assert "“brand/fake.png” is not a image/png image" in branding.problems("acme", "en")[0]

    (acme / "brand" / "huge.png").write_bytes(PNG + b"\0" * branding.LOGO_MAX_BYTES)
    _with_logo(acme, "brand/huge.png")
    assert "over the 256 KiB limit" in branding.problems("acme", "en")[0]
    assert "超过上限 256 KiB" in branding.problems("acme", "zh-CN")[0]

    outside = tmp_path / "secret.png"
    outside.write_bytes(PNG)
    (acme / "brand" / "link.png").symlink_to(outside)
    _with_logo(acme, "brand/link.png")
    assert "leads outside the client's folder" in branding.problems("acme", "en")[0]
    assert branding.brand_for("acme").logo == ""  # type: ignore[union-attr]

    (acme / "brand" / "logo.svg").write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
                                             encoding="utf-8")
    _with_logo(acme, "brand/logo.svg")
    assert branding.brand_for("acme").logo.startswith("data:image/svg+xml;base64,")  # type: ignore[union-attr]


def test_the_chart_theme_takes_the_clients_colour(acme: Path) -> None:
    from workbook import charts

    frame = pd.DataFrame({"channel": ["general", "hr"], "messages": [3, 1]})

    def config() -> dict[str, object]:
        spec = charts.bar(frame, "decisions", "channel", "messages", "en").to_dict()
        return spec["config"]  # type: ignore[no-any-return]

    branding.activate("acme")
    branded = config()
    assert branded["mark"] == {"color": COLOUR}
    assert branded["range"]["category"][0] == COLOUR  # type: ignore[index]
    assert branded["range"]["category"][1:] == charts.PALETTE  # type: ignore[index]
    branding.activate("plain")
    assert config()["mark"] == {"color": charts.PALETTE[0]}
    assert config()["range"]["category"] == charts.PALETTE  # type: ignore[index]


def test_a_report_notebook_loading_a_client_activates_its_colour(acme: Path) -> None:
    from workbook.report import notebook as nb

    nb.load("acme", "2026-10", "en", snapshot=str(acme / "no-snapshot"))
    assert branding.chart_colour() == COLOUR
    nb.load("plain", "2026-10", "en", snapshot=str(acme / "no-snapshot"))
    assert branding.chart_colour() == ""


def test_the_shell_answers_a_brand_only_for_a_client_the_visitor_may_open(acme: Path) -> None:
    import json

    from workbook.serve.brand import answer

    assert json.loads(answer("acme", None)) == {
        "name": "Acme Corp", "colour": COLOUR, "logo": "data:image/png;base64," + base64.b64encode(PNG).decode("ascii")}
    assert answer("acme", lambda client: client == "acme") == answer("acme", None)
    assert answer("acme", lambda client: False) == "null"  # forbidden looks like absent
    assert answer("plain", None) == "null" and answer("ghost", None) == "null" and answer("", None) == "null"


def _header(html: str) -> str:
    return html[html.index('<header class="wb-header"'):html.index("</header>")]


def test_the_report_header_carries_the_brand(acme: Path, tmp_path: Path) -> None:
    import nbformat

    from workbook.report.html import ChapterPage, notebook_to_html
    from workbook.report.index import write_period_index

    def chapter(client: str) -> str:
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Goals")],
                                            metadata={"papermill": {"parameters": {"client": client}}})
        path = tmp_path / f"{client}.ipynb"
        nbformat.write(notebook, path)
        page = ChapterPage("Acme Academy", "2026-10", "en", ("00_summary", "01_goals"), "01_goals")
        return _header(notebook_to_html(path, page))

    branded = chapter("acme")
    assert f"border-top: 4px solid {COLOUR}" in branded and "<span>Acme Corp</span>" in branded
    assert 'src="data:image/png;base64,' in branded
    assert "wb-report-brand" not in chapter("plain")
    paths.profile_path("acme").write_text(BRANDED.replace("Acme Corp", "<b>Acme</b> & Co"), encoding="utf-8")
    assert "<span>&lt;b&gt;Acme&lt;/b&gt; &amp; Co</span>" in chapter("acme")  # a name is text, never markup
    paths.profile_path("acme").write_text(BRANDED, encoding="utf-8")

    pack = {"client": "acme", "label": "2026-10", "start": "2026-10-01", "end": "2026-10-31", "status": "ok",
            "failures": [], "finished": "2026-11-01T06:15:00+00:00", "notebooks": [{"name": "01_goals", "ok": True}]}
    index = write_period_index(tmp_path, client_name="Acme Academy", pack=pack, headlines=[], lang="zh-CN")
    header = _header(index.read_text(encoding="utf-8"))
    assert f"border-top: 4px solid {COLOUR}" in header and "Acme Corp" in header and "data:image/png" in header


def test_a_chapter_header_shows_the_community_name_as_text(acme: Path, tmp_path: Path) -> None:
    import nbformat

    from workbook.report.html import ChapterPage, notebook_to_html

    path = tmp_path / "page.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Goals")]), path)
    page = ChapterPage("<img src=x onerror=alert(1)> & Co", "2026-10", "en", ("00_summary", "01_goals"), "01_goals")
    header = _header(notebook_to_html(path, page))
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; Co" in header and "<img src=x" not in header
