"""What `workbook notebooks diff|upgrade` print, in the operator's language."""

from __future__ import annotations

from workbook import paths
from workbook.i18n import t
from workbook.notebooks_admin import overrides
from workbook.notebooks_admin.diff import CellChange, cell_changes, line_diff
from workbook.notebooks_admin.upgrade import Conflict, Upgrade

INDENT = "    "


def _kind(cell_type: str, lang: str) -> str:
    key = f"overrides.kind.{cell_type}"
    return t(key, lang) if cell_type in ("code", "markdown", "raw") else cell_type


def shown(path: object) -> str:
    """A path relative to the project when it is inside it (shorter to read)."""
    text = str(path)
    root = f"{paths.PROJECT_ROOT}/"
    return text.removeprefix(root)


def change_lines(change: CellChange, lang: str) -> list[str]:
    kind = _kind(change.cell_type, lang)
    lines = [t(f"overrides.diff.{change.kind}", lang, number=change.number, kind=kind)]
    if change.kind == "added":
        lines += [f"{INDENT}+ {line}" for line in change.after.splitlines()]
    elif change.kind == "removed":
        lines += [f"{INDENT}- {line}" for line in change.before.splitlines()]
    else:
        lines += [f"{INDENT}{line}" for line in line_diff(change.before, change.after)]
        if change.metadata:
            lines.append(INDENT + t("overrides.diff.metadata", lang, change=change.metadata))
    return lines


def diff_text(client: str, name: str, lang: str) -> str:
    """One override against today's standard notebook, cell by cell, with where it came from."""
    import nbformat

    path = overrides.override_path(client, name)
    override = nbformat.read(path, as_version=4)
    standard = nbformat.read(overrides.standard_path(name), as_version=4)
    lines = [t("overrides.diff.header", lang, name=name, path=shown(path))]
    record = overrides.record_of(override)
    if record is None:
        lines.append(t("overrides.diff.no_record", lang))
    else:
        lines.append(t("overrides.diff.copied", lang, when=record.copied_at, version=record.workbook_version))
        if record.sha256 != overrides.file_hash(overrides.standard_path(name)):
            lines.append(t("overrides.diff.standard_changed", lang, client=client))
    changes = cell_changes(standard, override)
    if not changes:
        lines.append(t("overrides.diff.same", lang))
    for change in changes:
        lines += change_lines(change, lang)
    return "\n".join(lines)


def diff_report(client: str, name: str | None, lang: str) -> str:
    """`workbook notebooks diff CLIENT [NAME]`: the named override, or every override of the client."""
    overrides.check_client(client)
    if name is not None:
        overrides.check_name(name)
        if not overrides.override_path(client, name).exists():
            raise overrides.OverrideError("overrides.error.no_override", client=client, name=name)
    names = [name] if name else overrides.overridden(client)
    if not names:
        return t("overrides.none", lang, client=client)
    return "\n\n".join(diff_text(client, each, lang) for each in names)


def conflict_lines(conflict: Conflict, lang: str) -> list[str]:
    key = "changed_removed" if conflict.kind == "changed" and not conflict.number else conflict.kind
    lines = [t(f"overrides.upgrade.conflict.{key}", lang, number=conflict.number,
               kind=_kind(conflict.cell_type, lang))]
    if conflict.standard_text:
        lines += [f"{INDENT}| {line}" for line in conflict.standard_text.splitlines()]
    return lines


def upgrade_text(client: str, results: list[Upgrade], lang: str) -> str:
    """Each override's outcome, its conflicts with the standard's text, and a summary line."""
    if not results:
        return t("overrides.none", lang, client=client)
    lines: list[str] = []
    for result in results:
        if result.status == "upgraded":
            lines.append(t("overrides.upgrade.upgraded", lang, name=result.name, applied=result.applied,
                           conflicts=len(result.conflicts), backup=result.backup))
            for conflict in result.conflicts:
                lines += [INDENT + line for line in conflict_lines(conflict, lang)]
            if result.conflicts:
                lines.append(INDENT + t("overrides.upgrade.resolve", lang, backup=result.backup,
                                        path=shown(overrides.override_path(client, result.name))))
        else:
            lines.append(t(f"overrides.upgrade.{result.status}", lang, name=result.name, client=client))
    upgraded = sum(r.status == "upgraded" for r in results)
    lines.append(t("overrides.upgrade.summary", lang, client=client, upgraded=upgraded,
                   conflicts=sum(len(r.conflicts) for r in results)))
    return "\n".join(lines)
