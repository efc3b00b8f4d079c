"""`vaultkit check VAULT --isolated` with the note cache wired in, for bench_check.py.

Used only while the CLI has no --cache-dir/--no-cache: it makes the same calls the command
makes (check_path, the text reporter) plus open_cache, and writes the report to stdout.

    python bench/check_driver.py VAULT [--cache-dir DIR] [--schema FILE]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path

from vaultkit.cache import open_cache
from vaultkit.check import check_path
from vaultkit.config import CheckConfig
from vaultkit.report import REPORTERS, display_paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("vault", type=Path)
    parser.add_argument("--cache-dir", type=Path)
    parser.add_argument("--schema", type=Path)
    args = parser.parse_args(argv)

    settings = CheckConfig()
    if args.schema is not None:
        settings = dataclasses.replace(
            settings, schema=dataclasses.replace(settings.schema, override=args.schema.absolute())
        )
    cache = open_cache(args.vault, cache_dir=args.cache_dir, enabled=args.cache_dir is not None)
    result = check_path(args.vault, settings, cache=cache)
    sys.stdout.write(REPORTERS["text"](result, display_paths(args.vault)))
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
