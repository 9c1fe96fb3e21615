"""Synthetic raw-source generator for certgap (see shared SOURCES.md and DESIGN.md).

Modules, one job each:

- ``config``    CLI arguments and every planted parameter.
- ``seeds``     reads the dbt seeds (reference data) from ``<repo>/seeds``.
- ``vocab``     names, organisations, locations, course catalogues, hosts, prompts.
- ``rng``       named, independent random streams derived from ``--seed``.
- ``org``       the workforce: org tree, HR events, employment spells, identities.
- ``learning``  program waves, enrollments, completions, manager activation.
- ``usage``     the true person x tool x day AI activity.
- ``sources/``  one module per raw source folder, turning the simulation into rows.
- ``render``    CSV / TSV / JSON-lines rendering in DuckDB, with bad-row injection.
- ``arrowtext`` line assembly with Arrow compute for the biggest logs (okta, proxy).
- ``writers``   deterministic file writing (plain or gzip with mtime=0), JSON pages.
- ``identity``  the identity audit truth (matched / unmatchable / ambiguous).
- ``truth``     realised metrics and ``truth.json``.
- ``pipeline``  runs the stages in order and reports progress.
- ``progress``  one progress line per stage (wall and CPU time) on stderr.

Entry point: ``certgap generate --help`` (``cli``).
"""
