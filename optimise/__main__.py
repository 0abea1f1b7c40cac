"""``python -m optimise optimise DESIGN.toml ...``: the optimiser's command on its own."""

from optimise.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
