"""A record written back as TOML in the shipped format (`dsar controllers export-local`)."""

from __future__ import annotations

from typing import Any

from dsar.directory.records import Controller

FACT_NAMES = ("address", "postcode", "email", "online_form", "phone")


def _clean(data: Any) -> Any:
    """Drop empty values and the fields that are not part of the file format."""
    if isinstance(data, dict):
        return {k: _clean(v) for k, v in data.items()
                if v is not None and v != [] and v != {} and k not in ("age", "recorded_by")}
    if isinstance(data, list):
        return [_clean(v) for v in data]
    return data


def record_toml(controller: Controller) -> str:
    """The record as TOML, each local fact's recorder and date as a comment above the record."""
    import tomli_w

    data = _clean(controller.model_dump(mode="python", by_alias=True))
    lines = [f"# {controller.name}: exported by `dsar controllers export-local`."]
    for kind in ("access", "erasure"):
        contacts = controller.access if kind == "access" else controller.erasure
        if contacts is None:
            continue
        for name in FACT_NAMES:
            fact = getattr(contacts, name)
            if fact is not None and fact.recorded_by:
                lines.append(f"# {kind}.{name}: recorded by {fact.recorded_by} from {fact.source}, "
                             f"read {fact.read_on.isoformat()}")
    if controller.erasure is None:
        data.pop("erasure", None)
    return "\n".join(lines) + "\n" + tomli_w.dumps(data)
