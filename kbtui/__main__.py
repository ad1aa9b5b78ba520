"""`python -m kbtui` runs the same entry point as the `kbtui` script."""

from kbtui.cli import main

raise SystemExit(main())
