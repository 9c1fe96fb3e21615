"""``python -m certgap`` is the ``certgap`` command (tests and subprocesses use it)."""

from certgap.cli import main

raise SystemExit(main())
