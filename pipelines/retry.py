"""Transient errors on the warehouse are retried; every other error fails on the first attempt.

Why not a ``retry_policy=`` on the asset decorators: Dagster turns *any* exception of an op with
a policy into a retry, and a failing dbt test (``DagsterDbtCliRuntimeError``), a quarantine-worthy
file or a bug would then run five more times, burning minutes to fail the same way. So the
policy below is applied by :func:`retry_transient` only to errors that pass on their own:

- the DuckDB file locked by another process: an analyst's or notebook's connection to
  ``warehouse.duckdb`` (even a read-only one blocks the pipeline's writer). The pipeline's own
  writers never collide: they queue on ``warehouse.lock`` (pipelines/warehouse.py);
- a DuckDB write-write transaction conflict, SQLite's "database is locked" on the ops store;
- network errors (connection refused or reset, timeouts, DNS failures).

The step raises ``dg.RetryRequested`` with the policy's budget and backoff, so the retry shows in
the run as ``STEP_UP_FOR_RETRY`` with the lock or network error as its cause, and when the budget
is spent the step fails with that cause. An interrupted run (Ctrl-C, terminate from the UI) is not
retried either, which a decorator policy would also do.
"""

from __future__ import annotations

import functools
import inspect
import socket
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import dagster as dg
import duckdb

# 2 s, 6 s, 14 s, 30 s, 62 s (exponential, jittered): about two minutes for a notebook to let go
# of the file before the run fails naming the lock.
TRANSIENT_RETRY_POLICY = dg.RetryPolicy(max_retries=5, delay=2, backoff=dg.Backoff.EXPONENTIAL,
                                        jitter=dg.Jitter.PLUS_MINUS)

# How a lock held by another process reads: DuckDB's IOException, dbt-duckdb's error log
# (the same text inside a dbt "Runtime Error"), SQLite's OperationalError.
LOCK_MARKERS = ("could not set lock on file", "conflicting lock is held", "database is locked")
CONFLICT_MARKERS = ("write-write conflict", "conflict on tuple", "conflict on update")

F = TypeVar("F", bound=Callable[..., Any])


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The error and the ones it was raised from or while handling, each once."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _text(exc: BaseException) -> str:
    # dg.Failure (and so dagster-dbt's errors) keep their message in ``description``.
    return f"{exc} {getattr(exc, 'description', '') or ''}".lower()


def _network_error_types() -> tuple[type[BaseException], ...]:
    import httpx  # the connectors' HTTP client

    return (ConnectionError, TimeoutError, socket.gaierror, httpx.TransportError)


def transient_reason(exc: BaseException) -> str | None:
    """Why ``exc`` is worth retrying (``"lock"``, ``"conflict"``, ``"network"``), or None when it
    is not: data errors, failed tests and bugs fail the same way on every attempt."""
    network = _network_error_types()
    for err in _chain(exc):
        text = _text(err)
        if any(marker in text for marker in LOCK_MARKERS):
            return "lock"
        if isinstance(err, duckdb.TransactionException) and any(m in text for m in CONFLICT_MARKERS):
            return "conflict"
        if isinstance(err, network):
            return "network"
    return None


def _evidence(exc: BaseException) -> str:
    """The line that shows what happened: the lock message inside a dbt failure, else the first."""
    lines = [line.strip() for err in _chain(exc)
             for line in f"{err}\n{getattr(err, 'description', '') or ''}".splitlines() if line.strip()]
    marked = [line for line in lines if any(m in line.lower() for m in LOCK_MARKERS + CONFLICT_MARKERS)]
    return ((marked or lines or [type(exc).__name__])[0])[:300]


def _retry_or_reraise(args: tuple, kwargs: dict, exc: Exception) -> None:
    """Raise ``RetryRequested`` from ``exc`` when it is transient; return (to re-raise) otherwise."""
    reason = transient_reason(exc)
    if reason is None:
        return
    context = kwargs.get("context", args[0] if args else None)
    attempt = getattr(context, "retry_number", 0) + 1
    policy = TRANSIENT_RETRY_POLICY
    wait = policy.calculate_delay(attempt)
    log = getattr(context, "log", None)
    first_line = _evidence(exc)
    if log is not None:
        if attempt <= policy.max_retries:
            log.warning(f"transient {reason} error, retry {attempt}/{policy.max_retries} in {wait:.1f}s: {first_line}")
        else:
            log.error(f"transient {reason} error persisted through {policy.max_retries} retries: {first_line}")
    raise dg.RetryRequested(max_retries=policy.max_retries, seconds_to_wait=wait) from exc


def retry_transient(fn: F) -> F:
    """Decorate an asset's or check's compute function (plain or generator) so transient errors
    become ``RetryRequested`` under :data:`TRANSIENT_RETRY_POLICY`. Put it under the Dagster
    decorator; the signature Dagster reads (context, config, resources) is kept."""
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def generator_wrapper(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except dg.RetryRequested:
                raise
            except Exception as exc:
                _retry_or_reraise(args, kwargs, exc)
                raise

        return generator_wrapper  # type: ignore[return-value]

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except dg.RetryRequested:
            raise
        except Exception as exc:
            _retry_or_reraise(args, kwargs, exc)
            raise

    return wrapper  # type: ignore[return-value]
