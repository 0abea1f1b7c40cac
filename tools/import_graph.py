"""Print Werkpad's import graph between its top-level packages, as text (grimp).

    PYTHONPATH=. python tools/import_graph.py

Lists each edge ``importer-package -> imported-package`` with the module pairs behind it, and
every import cycle between two modules of one package (``a -> b -> a``). The before/after
graphs of the layering change are kept in ``docs/architecture.md``.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from collections import defaultdict
from pathlib import Path

import grimp

ROOTS = ("werkpad", "webapp", "optimise", "calibration", "bench", "sim")
APP = Path(__file__).resolve().parent.parent / "app.py"  # a module, not a package: read with ast


def present() -> list[str]:
    """The package roots that exist in this tree (``optimise`` may not yet)."""
    return [r for r in ROOTS if importlib.util.find_spec(r) is not None]


def app_edges(roots: list[str]) -> dict[tuple[str, str], list[str]]:
    """Imports of the Streamlit script ``app.py`` into the project's packages (module level and inside functions)."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for node in ast.walk(ast.parse(APP.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            if name.split(".")[0] in roots:
                edges[("app", name.split(".")[0])].append(f"app -> {name}")
    return edges


def package_edges(graph: grimp.ImportGraph, roots: list[str]) -> dict[tuple[str, str], list[str]]:
    """``(importer root, imported root) -> ["a.b -> c.d", ...]`` for imports across roots."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for module in sorted(graph.modules):
        src = module.split(".")[0]
        for target in sorted(graph.find_modules_directly_imported_by(module)):
            dst = target.split(".")[0]
            if dst != src and dst in roots:
                edges[(src, dst)].append(f"{module} -> {target}")
    return edges


def typing_only(graph: grimp.ImportGraph, importer: str, imported: str) -> bool:
    """Whether every import of ``imported`` by ``importer`` sits under ``if TYPE_CHECKING:`` (never runs)."""
    spec = importlib.util.find_spec(importer)
    if spec is None or spec.origin is None:
        return False
    guarded: set[int] = set()
    for node in ast.walk(ast.parse(Path(spec.origin).read_text(encoding="utf-8"))):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            guarded |= {n.lineno for stmt in node.body for n in ast.walk(stmt) if hasattr(n, "lineno")}
    details = graph.get_import_details(importer=importer, imported=imported)
    return bool(details) and all(d["line_number"] in guarded for d in details)


def two_cycles(graph: grimp.ImportGraph) -> list[str]:
    """Pairs of modules that import each other directly (marked when one side is for type checking only)."""
    out = []
    for a in sorted(graph.modules):
        for b in sorted(graph.find_modules_directly_imported_by(a)):
            if a < b and a in graph.find_modules_directly_imported_by(b):
                typing = typing_only(graph, a, b) or typing_only(graph, b, a)
                out.append(f"{a} <-> {b}" + (" (one side under TYPE_CHECKING: never runs)" if typing else ""))
    return out


def main() -> int:
    """Print the edges and the two-module cycles."""
    roots = present()
    graph = grimp.build_graph(*roots)
    print("packages: " + ", ".join(roots) + ", and the script app.py")
    edges = package_edges(graph, roots) | app_edges(roots)
    for (src, dst), pairs in sorted(edges.items()):
        print(f"{src} -> {dst}  ({len(pairs)} imports)")
        for p in pairs:
            print(f"    {p}")
    cycles = two_cycles(graph)
    print("modules importing each other:" + ("".join(f"\n    {c}" for c in cycles) if cycles else " none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
