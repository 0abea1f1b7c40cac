"""Write the caseload template and the SYNTHETIC example caseload (people simulated by the model).

    PYTHONPATH=. python tools/synthetic_caseload.py [--check]

The example is the people the model houses in a municipality of the baseline scenario (150
adults a year) at the end of month 47, with the calibrated model (the posterior mean) and seed
1: no real person is in it. Its first lines say so. ``--check`` compares the shipped files
with what this script would write (exit 1 if they differ).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.caseload.columns import template_csv
from sim.caseload.export import caseload_frame, model_at
from sim.model import MunicipalityModel
from sim.posterior import draw_thetas
from sim.scenarios import load_scenario

FOLDER = Path(__file__).resolve().parent.parent / "examples" / "caseload"
TEMPLATE = FOLDER / "caseload_template.csv"
SYNTHETIC = FOLDER / "synthetic_caseload_SYNTHETIC.csv"
SCENARIO, SEED, MONTH = "baseline", 1, 47


def synthetic_csv() -> str:
    """The synthetic example caseload as CSV text, with the comment lines that mark it synthetic."""
    thetas = draw_thetas(1, SEED, point_estimate=True)
    model = model_at(MunicipalityModel(load_scenario(SCENARIO), SEED, theta=thetas[0] if thetas else None), MONTH)
    head = (
        "# SYNTHETIC example caseload: NO REAL PERSON. Written by tools/synthetic_caseload.py from a model run\n"
        f"# (Werkpad, scenario {SCENARIO}, posterior mean, seed {SEED}, people housed at the end of month {MONTH}).\n"
    )
    return head + caseload_frame(model, MONTH).to_csv(index=False, lineterminator="\n")


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the template and the synthetic example."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare the shipped files, write nothing")
    args = parser.parse_args(argv)
    files = {TEMPLATE: template_csv(), SYNTHETIC: synthetic_csv()}
    if args.check:
        stale = [p.name for p, text in files.items() if not p.exists() or p.read_text() != text]
        print("up to date" if not stale else f"stale: {', '.join(stale)} (run tools/synthetic_caseload.py)")
        return 1 if stale else 0
    FOLDER.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        path.write_text(text)
        print(f"wrote {path.relative_to(FOLDER.parent.parent)} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
