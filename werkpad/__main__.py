"""Allow ``python -m werkpad`` (the same as the ``sim`` command)."""

from werkpad.cli import main

raise SystemExit(main())
