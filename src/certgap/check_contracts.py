"""Fail when the working tree breaks a contracted model without a new version.

dbt compares enforced model contracts only against a previous manifest. This
script makes that manifest from the base commit, then lets dbt select the
current project's `state:modified` models against it; while selecting, dbt
checks every contracted model that changed, and a breaking change (a column
removed or retyped, a constraint dropped, the model deleted, the contract
switched off) is dbt's own error:

  - a versioned model: ContractBreakingChangeError;
  - an unversioned one (all of certgap's, for now): the
    UnversionedBreakingChange event, which dbt only warns about by default
    and this script makes an error (--warn-error-options).

The fix is dbt's: keep the old shape under a new model version.

The base commit: `--base REF` if given; otherwise the commit of `main` the
current branch started from (`git merge-base HEAD main`), or, when HEAD is on
main itself (merge-base = HEAD), the previous commit HEAD~1. Without a main
branch HEAD~1 is used. A repository with no previous commit has nothing to
compare with: the script says so and exits 0.

`dbt ls` is the cheapest command that runs the check: it parses and selects,
with no database and no compilation.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from certgap.paths import project_dir

REPO = project_dir()
WARN_ERROR = '{"error": ["UnversionedBreakingChange"]}'


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="certgap check-contracts", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--base",
        help="git ref to compare with (default: merge-base with main, or HEAD~1 on main)",
    )
    parser.add_argument(
        "--project-dir",
        type=Path,
        default=REPO,
        help="the dbt project, a git work tree (default: this repository)",
    )
    parser.add_argument(
        "--dbt",
        default=str(Path(sys.executable).with_name("dbt")),
        help="the dbt executable (default: the one beside this Python)",
    )
    return parser.parse_args(argv)


def git(project: Path, *args: str) -> str | None:
    """stdout of a git command, or None when it fails (e.g. no such commit)."""
    result = subprocess.run(["git", "-C", str(project), *args], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else None


def find_base(project: Path, base: str | None) -> tuple[str | None, str]:
    """(commit, how it was chosen); commit None when there is nothing to compare with."""
    if base:
        commit = git(project, "rev-parse", "--verify", f"{base}^{{commit}}")
        if commit is None:
            raise SystemExit(f"check_contracts: --base {base!r} is not a commit in {project}")
        return commit, f"--base {base}"
    head = git(project, "rev-parse", "--verify", "HEAD")
    if head is None:
        return None, "the repository has no commit"
    merge_base = git(project, "merge-base", "HEAD", "main")
    if merge_base and merge_base != head:
        return merge_base, "merge-base of HEAD and main"
    previous = git(project, "rev-parse", "--verify", "HEAD~1")
    if previous is None:
        return None, "HEAD has no parent commit"
    return previous, "HEAD~1 (HEAD is on main)" if merge_base else "HEAD~1 (no main branch)"


def run_dbt(dbt: str, args: list[str], project: Path, target: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(project / "profiles"),
        # dbt ls/parse never open it, but the profile names a file.
        "CERTGAP_DB": str(target / "unused.duckdb"),
    }
    cmd = [
        dbt,
        *args,
        "--project-dir",
        str(project),
        "--target-path",
        str(target),
        "--log-path",
        str(target / "logs"),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, env=env)


def check(project: Path, base: str | None, dbt: str) -> int:
    commit, rule = find_base(project, base)
    if commit is None:
        print(f"check_contracts: nothing to compare with ({rule}); contracts not checked.")
        return 0
    print(f"check_contracts: comparing with {commit[:12]} ({rule})", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="certgap-contracts-") as tmp:
        base_tree = Path(tmp) / "base"
        added = subprocess.run(
            ["git", "-C", str(project), "worktree", "add", "--detach", str(base_tree), commit],
            capture_output=True,
            text=True,
        )
        if added.returncode != 0:
            print(f"check_contracts: git worktree add failed:\n{added.stderr}", file=sys.stderr)
            return 2
        try:
            state = Path(tmp) / "base-target"
            parsed = run_dbt(dbt, ["parse"], base_tree, state)
            if parsed.returncode != 0:
                print(
                    f"check_contracts: the base commit {commit[:12]} does not parse;"
                    f" contracts not checked.\n{parsed.stdout}{parsed.stderr}",
                    file=sys.stderr,
                )
                return 2
            listed = run_dbt(
                dbt,
                [
                    "--warn-error-options",
                    WARN_ERROR,
                    "ls",
                    "--resource-type",
                    "model",
                    "--select",
                    "state:modified",
                    "--state",
                    str(state),
                ],
                project,
                Path(tmp) / "current-target",
            )
        finally:
            subprocess.run(
                ["git", "-C", str(project), "worktree", "remove", "--force", str(base_tree)],
                capture_output=True,
            )
    if listed.returncode != 0:
        print(listed.stdout + listed.stderr)
        print("check_contracts: FAILED (see dbt's error above)", file=sys.stderr)
        return 1
    modified = [line for line in listed.stdout.splitlines() if line.startswith("certgap.")]
    print(f"check_contracts: no breaking contract change ({len(modified)} modified models)")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return check(args.project_dir.resolve(), args.base, args.dbt)


if __name__ == "__main__":
    sys.exit(main())
