"""The certification-gap report: one self-contained HTML file from the marts.

Modules, one job each:

- ``data``    reads the marts read-only into plain rows, one function per chart.
- ``fmt``     how numbers are written (percentages, points, dollars, dates).
- ``charts``  inline SVG charts (no JavaScript, no external files).
- ``page``    the HTML page: headline per question, chart, table fallback.

Entry point: ``certgap report --help`` (``cli``).
"""
