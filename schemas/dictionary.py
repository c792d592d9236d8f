"""The data dictionary as Markdown, rendered from the Arrow schema (the README embeds it).

    python -m schemas.dictionary          # print it
    python -m schemas.dictionary --write  # refresh the README block between the markers
"""
from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa

from schemas.arrow import ACTIVITIES, DOCUMENTS, SCHEMA_VERSION, describe

BEGIN, END = "<!-- data-dictionary:begin -->", "<!-- data-dictionary:end -->"
README = Path(__file__).resolve().parent.parent / "README.md"


def _type(t: str) -> str:
    t = t.replace("dictionary<values=string, indices=int32, ordered=0>", "string (dictionary)")
    return t if len(t) <= 40 else t[:37] + "…"


def _subfields(schema: pa.Schema) -> list[tuple[str, str, str]]:
    """(parent.child, type, description) for the fields of each struct or list of structs."""
    out = []
    for field in schema:
        t = field.type.value_type if pa.types.is_list(field.type) else field.type
        if pa.types.is_struct(t):
            out += [(f"{field.name}.{f.name}", str(f.type),
                     (f.metadata or {}).get(b"description", b"").decode()) for f in t]
    return out


def render() -> str:
    """Both tables' fields as Markdown tables."""
    out = [f"Schema version {SCHEMA_VERSION} (stored in each file's metadata as "
           f"`roadmap500.schema_version`).", ""]
    for title, schema in (("activities.parquet", ACTIVITIES), ("documents.parquet", DOCUMENTS)):
        out += [f"**{title}**", "", "| field | type | meaning |", "|---|---|---|"]
        out += [f"| `{name}` | {_type(t)} | {desc} |" for name, t, desc in describe(schema)]
        out += [f"| `{name}` | {_type(t)} | {desc} |" for name, t, desc in _subfields(schema)]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def embed(readme: str) -> str:
    """``readme`` with the block between the markers replaced by the current rendering."""
    head, rest = readme.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{render()}{END}{tail}"


if __name__ == "__main__":
    if "--write" in sys.argv:
        README.write_text(embed(README.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        print(render())
