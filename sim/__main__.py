"""``python -m sim`` moved to ``python -m werkpad`` (the ``sim`` command): say so in one line."""

import sys

print("error: the command line is `python -m werkpad ...` (or `sim ...`), not `python -m sim`", file=sys.stderr)
raise SystemExit(2)
