"""Creating a client: its folder and a commented-free default client.yaml."""

from __future__ import annotations

from pathlib import Path

from workbook import paths
from workbook.profile import Profile, ProfileError, save_profile


def init_client(client: str, *, lang: str = "zh-CN", timezone: str = "Asia/Shanghai",
                name: str | None = None, overwrite: bool = False) -> Path:
    if not client or not client.replace("-", "").replace("_", "").isalnum():
        raise ProfileError(client, ["client names use letters, digits, - and _ only"])
    path = paths.profile_path(client)
    if path.exists() and not overwrite:
        raise ProfileError(path, ["already exists; edit it, or remove it first"])
    profile = Profile(name=name or client, language=lang, timezone=timezone)  # type: ignore[arg-type]
    paths.raw_dir(client).mkdir(parents=True, exist_ok=True)
    return save_profile(client, profile)
