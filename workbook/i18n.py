"""zh-CN / en labels for every visible string, from the catalogues in workbook/i18n/*.yaml.

Each catalogue maps a dotted key to {"zh-CN": "…", "en": "…"}; a client's `labels` in client.yaml
override any of them. A missing key is an error in tests (`strict=True`), never a silent blank.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import yaml

LANGUAGES = ("zh-CN", "en")
_CATALOGUE_DIR = Path(__file__).resolve().parent / "i18n"


class MissingLabel(KeyError):
    pass


class LocalisedError(ValueError):
    """A problem the user must fix, said in their language: `key` and `values` make the message."""

    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values
        super().__init__(f"{key} {values}")

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.values)


@cache
def catalogue() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(_CATALOGUE_DIR.glob("*.yaml")):
        # libyaml's loader: the pure-Python one took 0.3 s of every command's start for these catalogues.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
        for key, labels in data.items():
            if key in merged:
                raise ValueError(f"{path.name}: label key {key!r} is defined twice")
            missing = [lang for lang in LANGUAGES if lang not in labels]
            if missing:
                raise ValueError(f"{path.name}: label {key!r} lacks {', '.join(missing)}")
            merged[key] = labels
    return merged


def normalise_lang(lang: str | None) -> str:
    if not lang:
        return "zh-CN"
    return "zh-CN" if lang.lower().startswith("zh") else "en"


def t(key: str, lang: str, overrides: Mapping[str, Mapping[str, str]] | None = None, **values: object) -> str:
    """The label for `key` in `lang`, formatted with `values`."""
    lang = normalise_lang(lang)
    if overrides and key in overrides and lang in overrides[key]:
        text = overrides[key][lang]
    else:
        try:
            text = catalogue()[key][lang]
        except KeyError:
            raise MissingLabel(f"no {lang} label for {key!r}") from None
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in catalogue()
