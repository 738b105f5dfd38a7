"""A client's branding (client.yaml `branding`: display name, logo file under data/<client>/, colour) and where
it shows: the chart theme's first colour, the app shell's header, the report pages' header. The logo travels
inlined as a data: URI, so pages stay whole offline."""

from __future__ import annotations

import base64
import logging
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from workbook import paths
from workbook.i18n import LocalisedError

LOGO_TYPES = {".png": "image/png", ".svg": "image/svg+xml", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
LOGO_MAX_BYTES = 256 * 1024  # a header logo; inlined in every report page and app header
COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_SIGNATURES = {"image/png": (b"\x89PNG\r\n\x1a\n",), "image/jpeg": (b"\xff\xd8\xff",)}
log = logging.getLogger(__name__)


class Branding(BaseModel):
    """client.yaml `branding`; every field optional."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    display_name: str = Field("", max_length=80)
    logo: str = ""
    colour: str = ""

    @field_validator("colour")
    @classmethod
    def _hex_colour(cls, value: str) -> str:
        value = value.strip()
        if value and not COLOUR.fullmatch(value):
            raise ValueError(f"{value!r} is not a colour: write it as hex, like #2f6f9f or #36c")
        if len(value) == 4:
            value = "#" + "".join(ch * 2 for ch in value[1:])
        return value.lower()

    @field_validator("logo")
    @classmethod
    def _logo_inside_client_folder(cls, value: str) -> str:
        value = value.strip()
        if not value:
            return value
        path = PurePosixPath(value)
        if "\\" in value or path.is_absolute() or ".." in path.parts or re.match(r"[A-Za-z]:", value):
            raise ValueError(f"{value!r} must be a file inside the client's folder data/<client>/, "
                             "written relative to it (like logo.png or brand/logo.svg)")
        if path.suffix.lower() not in LOGO_TYPES:
            raise ValueError(f"{value!r} is not a PNG, SVG or JPEG file (.png, .svg, .jpg)")
        return value


class BrandingError(LocalisedError):
    """A logo that cannot be used; `message(lang)` names client.yaml, the key and the file."""


@dataclass(frozen=True)
class Brand:
    """What the pages show: a name, a colour and the logo as a data: URI (each may be empty)."""

    name: str = ""
    colour: str = ""
    logo: str = ""

    def context(self) -> dict[str, str]:
        return {"name": self.name, "colour": self.colour, "logo": self.logo}


def _sniffed(data: bytes, mime: str) -> bool:
    if mime == "image/svg+xml":
        head = data[:2048].decode("utf-8", errors="replace").lower()
        return "<svg" in head
    return data.startswith(_SIGNATURES[mime])


def logo_data_uri(client: str, logo: str) -> str:
    """The logo file as a data: URI; BrandingError when it is missing, outside the client's folder, too large
    or not the image its name says."""
    folder = paths.client_dir(client).resolve()
    values = {"path": paths.profile_path(client), "logo": logo}
    file = (folder / logo).resolve()
    if not file.is_relative_to(folder):  # a symbolic link leading out of data/<client>/
        raise BrandingError("branding.error.outside", **values)
    if not file.is_file():
        raise BrandingError("branding.error.missing", file=file, **values)
    size = file.stat().st_size
    if size > LOGO_MAX_BYTES:
        raise BrandingError("branding.error.too_large", kib=size // 1024, limit=LOGO_MAX_BYTES // 1024, **values)
    mime = LOGO_TYPES[file.suffix.lower()]
    data = file.read_bytes()
    if not _sniffed(data, mime):
        raise BrandingError("branding.error.not_image", kind=mime, **values)
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def brand_of(client: str, branding: Branding, strict: bool = False) -> Brand:
    """`client`'s brand; a bad logo is left out (logged), or raised with `strict`."""
    logo = ""
    if branding.logo:
        try:
            logo = logo_data_uri(client, branding.logo)
        except BrandingError as exc:
            if strict:
                raise
            log.warning("%s", exc.message("en"))
    return Brand(branding.display_name, branding.colour, logo)


def brand_for(client: str) -> Brand | None:
    """The brand of a known client with a `branding` in its profile, None otherwise (or for a bad profile)."""
    from workbook.profile import ProfileError, load_profile

    if client not in paths.list_clients():
        return None
    try:
        branding = load_profile(client).branding
    except ProfileError:
        return None
    if not (branding.display_name or branding.logo or branding.colour):
        return None
    return brand_of(client, branding)


def header_context(client: str | None) -> dict[str, str] | None:
    """What a page header template needs (`wb.brand`), None for an unbranded client."""
    brand = brand_for(client) if client else None
    return brand.context() if brand else None


def notebook_header_context(notebook: Any) -> dict[str, str] | None:
    """`header_context` of the client an executed report notebook ran for (its papermill parameters)."""
    client = notebook.metadata.get("papermill", {}).get("parameters", {}).get("client")
    return header_context(client) if isinstance(client, str) else None


def problems(client: str, lang: str) -> list[str]:
    """The logo's problems in `lang` (for `workbook validate`); [] when it is fine or there is none."""
    from workbook.profile import load_profile

    branding = load_profile(client).branding
    try:
        brand_of(client, branding, strict=True)
    except BrandingError as exc:
        return [exc.message(lang)]
    return []


# The chart theme's brand colour (workbook.charts reads it when a chart is drawn): the client a notebook loads.
_active: dict[str, str] = {"colour": ""}


def activate(client: str, profile: Any | None = None) -> None:
    """Charts drawn from now on in this process use `client`'s colour first (none when it has no colour)."""
    branding = getattr(profile, "branding", None)
    if branding is None:
        brand = brand_for(client)
        _active["colour"] = brand.colour if brand else ""
    else:
        _active["colour"] = branding.colour


def chart_colour() -> str:
    return _active["colour"]


def palette(standard: list[str]) -> list[str]:
    """The chart palette with the active brand colour first (and not twice)."""
    colour = chart_colour()
    return [colour, *(c for c in standard if c.lower() != colour)] if colour else list(standard)
