"""``python -m pipelines <command>``: the project's scripting surface.

Heavy libraries (dagster, dbt, great_expectations) are imported inside the commands that need
them, so ``serve`` and ``token`` start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_generate(args: argparse.Namespace) -> int:
    from pipelines.demo.generate import generate
    from pipelines.settings import get_settings

    settings = get_settings()
    end = date.fromisoformat(args.end_date) if args.end_date else None
    result = generate(settings.landing_dir, orders=args.orders, seed=args.seed, end_date=end, days=args.days,
                      progress=_progress)
    print(f"generated {result.orders:,} orders ({result.line_items:,} line items: "
          f"{result.by_platform['ebay']:,} eBay, {result.by_platform['discogs']:,} Discogs orders), "
          f"{result.inventory_items:,} inventory items, {result.listings:,} listings in {result.files:,} files "
          f"({result.bytes / 1e6:.1f} MB) under {settings.landing_dir} in {result.seconds:.1f}s "
          f"({result.orders / max(result.seconds, 1e-9):,.0f} orders/s)")
    return 0


def cmd_prepare(args: argparse.Namespace) -> int:
    from pipelines.transform.project import prepare

    t0 = time.perf_counter()
    prepare()
    print(f"prepared the dbt manifest in {time.perf_counter() - t0:.1f}s")
    return 0


def cmd_materialize(args: argparse.Namespace) -> int:
    from pipelines.orchestrate import materialize

    return materialize(start_date=args.start_date, end_date=args.end_date, progress=_progress)


def cmd_status(args: argparse.Namespace) -> int:
    from pipelines.status import status

    return status()


def cmd_serve(args: argparse.Namespace) -> int:
    from pipelines.reader.cli import serve

    serve(args.host, args.port, workers=args.workers)
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    from pipelines.reader.cli import token_command

    return token_command(args.token_args) or 0


def cmd_bench(args: argparse.Namespace) -> int:
    from pathlib import Path

    from pipelines.bench import DOCS_PATH, bench, parse_sizes

    docs = None if args.no_docs else Path(args.docs) if args.docs else DOCS_PATH
    return bench(parse_sizes(args.sizes), skip_api=args.skip_api, keep=Path(args.keep) if args.keep else None,
                 seed=args.seed, days=args.days, profile=args.profile, docs=docs, progress=_progress)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipelines", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="command")

    gen = sub.add_parser("generate", help="write a deterministic demo world into the landing zone")
    gen.add_argument("--orders", type=int, default=3000, help="number of orders (default 3000)")
    gen.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    gen.add_argument("--days", type=int, default=365, help="days of history (default 365)")
    gen.add_argument("--end-date", help="last day of the world, YYYY-MM-DD (default: today)")
    gen.set_defaults(func=cmd_generate)

    prep = sub.add_parser("prepare", help="parse the dbt project into its manifest (before Dagster loads)")
    prep.set_defaults(func=cmd_prepare)

    mat = sub.add_parser("materialize", help="run the build job in-process: ingest, dbt, checks, publish")
    mat.add_argument("--start-date", help="first landing partition to load, YYYY-MM-DD (default: all)")
    mat.add_argument("--end-date", help="last landing partition to load, YYYY-MM-DD (default: all)")
    mat.set_defaults(func=cmd_materialize)

    st = sub.add_parser("status", help="what is published, when, from which run, and what failed since")
    st.set_defaults(func=cmd_status)

    srv = sub.add_parser("serve", help="serve the Orders & Sales API from the published snapshot")
    srv.add_argument("--host", default="127.0.0.1")
    srv.add_argument("--port", type=int, default=8000)
    srv.add_argument("--workers", type=int, default=1)
    srv.set_defaults(func=cmd_serve)

    ben = sub.add_parser("bench", help="measure the build stages against the floor, the daily increment and the API")
    ben.add_argument("--sizes", default="100000,1000000", help="order counts, comma-separated (default 100000,1000000)")
    ben.add_argument("--skip-api", action="store_true", help="do not measure the reader")
    ben.add_argument("--keep", metavar="DIR", help="keep each size's data directory under DIR (default: a temp dir, removed)")
    ben.add_argument("--seed", type=int, default=7, help="random seed of the demo world (default 7)")
    ben.add_argument("--days", type=int, default=365, help="days of history (default 365)")
    ben.add_argument("--profile", action="store_true", help="also replay the ingest statement by statement")
    ben.add_argument("--docs", help="the Markdown file whose bench section is rewritten (default docs/benchmarks.md)")
    ben.add_argument("--no-docs", action="store_true", help="print the tables only")
    ben.set_defaults(func=cmd_bench)

    tok = sub.add_parser("token", help="API tokens: create NAME | list | revoke NAME")
    tok.add_argument("token_args", nargs=argparse.REMAINDER)
    tok.set_defaults(func=cmd_token)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
