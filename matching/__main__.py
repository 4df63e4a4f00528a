"""Command line: python -m matching cohort.json [--all-pairs] prints the result as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from matching.api import solve
from matching.errors import MatchingInputError
from matching.fileformat import dump_result, feasible_pairs, load_cohort


def _read(path: str) -> Any:
    """Parse the JSON file, turning I/O and syntax problems into MatchingInputError."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise MatchingInputError(f"cannot read {path}: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise MatchingInputError(
            f"{path} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None


def main(argv: list[str] | None = None) -> int:
    """Run one matching from a cohort file; return the process exit status."""
    parser = argparse.ArgumentParser(prog="python -m matching", description=__doc__)
    parser.add_argument("cohort", help="cohort JSON file (format in docs/matching.md)")
    parser.add_argument("--all-pairs", action="store_true",
                        help="also list every feasible pair with its score")
    args = parser.parse_args(argv)
    try:
        cohort = load_cohort(_read(args.cohort))
    except MatchingInputError as error:
        print(f"invalid input: {error}", file=sys.stderr)
        return 1
    except TypeError as error:  # a wrongly typed value deep inside the file
        print(f"invalid input: {error}", file=sys.stderr)
        return 1
    result = dump_result(solve(cohort), feasible_pairs(cohort) if args.all_pairs else None)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
