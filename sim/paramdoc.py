"""The README's table of policy levers and municipal context, generated from the parameter specs.

``sim params --markdown`` prints it; ``tests/core/test_paramdoc.py`` fails when the table in
``README.md`` (between the ``<!-- levers:start -->`` and ``<!-- levers:end -->`` marks) differs,
so the README cannot drift from ``sim/scenarios/baseline.toml``.
"""

from __future__ import annotations

from sim.params import ParamSpec, Value, load_specs

START, END = "<!-- levers:start -->", "<!-- levers:end -->"
CONTEXT_GROUPS = ("municipality", "context")


def in_table(spec: ParamSpec) -> bool:
    """Whether a parameter is in the README's table: a lever, or the municipality's context."""
    return spec.kind == "lever" or spec.group in CONTEXT_GROUPS


def _value(v: Value, unit: str, choices: bool) -> str:
    if isinstance(v, bool):
        return "on" if v else "off"
    if choices:
        return str(v)
    return f"{v:,} {unit}" if unit not in ("fraction", "index", "ratio", "weight") else f"{v:,}"


def _row(spec: ParamSpec) -> str:
    source = spec.source or "assumption"
    funded = " Paid from the extra national money." if spec.funded else ""
    text = f"{spec.help_en}.{funded}".replace("|", "/")
    return f"| `{spec.key}` | {text} | {_value(spec.default, spec.unit, spec.choices is not None)} | {source} |"


def lever_table() -> str:
    """The Markdown table of levers and context: parameter, meaning, baseline value, source."""
    rows = [_row(s) for s in load_specs().values() if in_table(s)]
    return "\n".join(["| parameter | meaning | baseline | source |", "|---|---|---|---|", *rows])


def readme_table(readme: str) -> str:
    """The table between the marks in a README's text (empty when the marks are missing)."""
    if START not in readme or END not in readme:
        return ""
    return readme.split(START, 1)[1].split(END, 1)[0].strip()
