"""What ``python -m pipelines serve`` and ``python -m pipelines token ...`` run."""

from __future__ import annotations

import argparse
import os
import sys

from pipelines import ops_store


ACCESS_LOG_ENV = "PIPELINES_READER_ACCESS_LOG"


def access_log_wanted() -> bool:
    """Whether to log a line per request (``PIPELINES_READER_ACCESS_LOG=1``); off by default.

    Formatting and writing that line cost a request served from the payload cache about as much
    as answering it, and a proxy in front usually logs requests anyway. Start-up, snapshot
    switches and errors are logged either way.
    """
    return os.environ.get(ACCESS_LOG_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def serve(host: str, port: int, workers: int = 1) -> None:
    """Run the reader under uvicorn; each worker process opens the snapshot and the ops store itself."""
    import uvicorn

    ops_store.default_store()  # create the ops schema once, before workers race to
    uvicorn.run(
        "pipelines.reader.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=access_log_wanted(),
    )


def _token_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipelines token", description="Manage API tokens.")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="create a token and print it (shown once)")
    create.add_argument("name")
    commands.add_parser("list", help="list tokens (never their secrets)")
    revoke = commands.add_parser("revoke", help="revoke a token by name or id")
    revoke.add_argument("name")
    return parser


def token_command(args: list[str]) -> int:
    """``token create NAME`` | ``token list`` | ``token revoke NAME``; the process exit status."""
    options = _token_parser().parse_args(args)
    if options.command == "create":
        try:
            print(ops_store.create_token(options.name))
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    if options.command == "list":
        tokens = ops_store.list_tokens()
        if not tokens:
            print("no tokens; create one with `python -m pipelines token create NAME`")
        for token in tokens:
            state = f"revoked {token['revoked_at']}" if token["revoked_at"] else "active"
            print(f"{token['id']}\t{token['name']}\tcreated {token['created_at']}\t{state}")
        return 0
    revoked = ops_store.revoke_token(options.name)
    if not revoked:
        print(f"error: no active token named {options.name!r}", file=sys.stderr)
        return 1
    print(f"revoked {options.name}")
    return 0
