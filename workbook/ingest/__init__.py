"""Importers: one module per source format, registered by name (see base.py)."""

from importlib import import_module

from workbook.ingest import tabular  # noqa: F401

# Platform adapters register themselves on import; a module not written yet is simply absent.
for _name in ("slack", "telegram", "discord", "wechat", "wecom", "feishu", "zoom", "tencent_meeting", "teams",
              "wjx", "tencent_survey", "forms"):
    try:
        import_module(f"workbook.ingest.{_name}")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"workbook.ingest.{_name}":
            raise
