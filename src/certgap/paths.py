"""Where the dbt project is, for the commands that run dbt or read its files."""

from __future__ import annotations

from pathlib import Path


def project_dir() -> Path:
    """The folder holding certgap's dbt_project.yml.

    `make install` installs the package editable from its checkout, so the project
    is the folder above src/, wherever the command is run from (as the scripts
    under scripts/ found it before). A non-editable install has no checkout: then
    the current folder or the nearest one above it with a dbt_project.yml.
    """
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "dbt_project.yml").is_file():
        return checkout
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "dbt_project.yml").is_file():
            return folder
    return here
