"""One module per raw source folder of SOURCES.md; each exposes ``write(ctx)``."""
