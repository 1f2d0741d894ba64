"""``python -m pipelines bench``: the build and the API measured at scale, against the floor.

For each size it makes a fresh data directory (``PIPELINES_DATA_DIR`` and ``DAGSTER_HOME`` set
for every subprocess) and measures, each step a subprocess watched for wall time and peak
memory of its process tree:

1. ``generate`` the demo world (reported, not part of the build);
2. the full build, ``materialize``, split into stages from the Dagster run's own step events
   (ingest, checks, dbt, publish, and Dagster's start-up and bookkeeping between them). The
   world's last day (partitions from the end date on) is held out of the landing zone, and the
   build is pinned to the end of the day before (``PIPELINES_AS_OF``), as yesterday's run saw it;
3. the floor: ``sql/bench_floor.sql``, one DuckDB query over the same landing files, in a fresh
   process; the build's time over the floor's is the orchestration and modelling overhead;
4. the daily increment: the held-out day lands, ``materialize --start-date D --end-date D'``, as
   of now: a day after the build, as a daily run is, so what moves with the as-of time (order
   statuses, stock ages and values) moves in it too;
5. the reader: cold start to the first 200, then every endpoint group under concurrent clients.

A stage that fails is reported as failed in the table and the rest still run. The tables go
to stdout and into ``docs/benchmarks.md`` between the bench markers.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

from pipelines.bench_proc import Measured, run_measured
from pipelines.settings import PROJECT_ROOT, get_settings

DOCS_PATH = PROJECT_ROOT / "docs" / "benchmarks.md"
START_MARKER = "<!-- bench:start -->"
END_MARKER = "<!-- bench:end -->"
RUN_ID_RE = re.compile(r"\(run ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)")
BUILD_STAGES = ("ingest", "checks", "dbt", "publish")
Progress = Callable[[str], None]


@dataclass
class Stage:
    seconds: float | None = None
    peak_rss: int | None = None
    note: str = ""

    @property
    def failed(self) -> bool:
        return self.note.startswith("FAILED")


@dataclass
class Build:
    """One ``materialize`` process: its wall time, and where that time went."""

    total: Stage = field(default_factory=Stage)
    run_id: str | None = None
    parts: dict[str, Stage] = field(default_factory=dict)
    steps: list[tuple[str, str, float]] = field(default_factory=list)  # (step key, stage, seconds)


@dataclass
class SizeReport:
    orders: int
    data_dir: Path
    end_date: date
    generate: Stage = field(default_factory=Stage)
    build: Build = field(default_factory=Build)
    floor: Stage = field(default_factory=Stage)
    floor_result: dict = field(default_factory=dict)
    marts_revenue: str | None = None
    incremental: Build = field(default_factory=Build)
    incremental_days: str = ""
    dbt_nodes: dict = field(default_factory=dict)
    ingest_profile: dict | None = None
    api: object | None = None
    api_note: str = ""
    load_before: float | None = None
    load_after: float | None = None


# -- the environment ---------------------------------------------------------------------------
def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"PIPELINES_DATA_DIR": str(data_dir), "DAGSTER_HOME": str(data_dir / "dagster"),
                "PYTHONUNBUFFERED": "1"})
    env.pop("PIPELINES_AS_OF", None)
    return env


def _eve_utc(day: date) -> str:
    """The last second of the day before ``day`` in the seller's time zone, as the ISO instant
    ``PIPELINES_AS_OF`` takes: its local date is the day before, so ages move by a day after it."""
    start = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(get_settings().timezone))
    return (start - timedelta(seconds=1)).astimezone(timezone.utc).isoformat()


def _load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def machine_info() -> dict[str, str]:
    import duckdb
    from importlib.metadata import PackageNotFoundError, version

    def _version(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "?"

    memory = cpu = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": str(os.cpu_count()), "memory": memory, "cpu": cpu,
            "python": platform.python_version(), "duckdb": duckdb.__version__,
            "dagster": _version("dagster"), "dbt-core": _version("dbt-core"), "os": platform.platform()}


# -- one measured command ------------------------------------------------------------------------
def _stage_from(measured: Measured) -> Stage:
    note = "" if measured.ok else f"FAILED (exit {measured.returncode}): {_last_line(measured)}"
    return Stage(measured.seconds, measured.peak_rss, note)


def _last_line(measured: Measured) -> str:
    lines = [l for l in (measured.stdout.strip().splitlines() or measured.stderr_tail.strip().splitlines()) if l.strip()]
    return (lines[-1] if lines else "")[:300]


def _python(*args: str) -> list[str]:
    return [sys.executable, *args]


# -- the Dagster run, stage by stage -------------------------------------------------------------
def classify_step(step_key: str, layers: set[str], checks: int) -> str:
    """Which build stage a step belongs to, from the assets it materialized (its name if none)."""
    if "serving" in layers:
        return "publish"
    if layers & {"staging", "intermediate", "marts"}:
        return "dbt"
    if layers and layers <= {"raw", "landing"}:
        return "ingest"
    if checks or "check" in step_key or "expectations" in step_key or "every_record" in step_key:
        return "checks"
    if "serving" in step_key or "snapshot" in step_key:
        return "publish"
    if step_key == "warehouse_models" or "dbt" in step_key:
        return "dbt"
    if step_key.startswith("raw"):
        return "ingest"
    return "other"


def build_breakdown(measured: Measured, dagster_home: Path) -> Build:
    build = Build(total=_stage_from(measured))
    match = RUN_ID_RE.search(measured.stdout) or RUN_ID_RE.search(measured.stderr_tail)
    if not match:
        build.total.note = build.total.note or "no run id in the materialize summary"
        return build
    build.run_id = match.group(1)
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(dagster_home))
    records = instance.all_logs(build.run_id)
    if not records:
        return build
    steps: dict[str, dict] = {}
    for record in records:
        event = record.dagster_event
        if event is None or not event.step_key:
            continue
        step = steps.setdefault(event.step_key, {"start": None, "end": None, "failed": False, "layers": set(),
                                                 "checks": 0})
        kind = event.event_type_value
        if kind == "STEP_START":
            step["start"] = record.timestamp
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE"):
            step["end"] = record.timestamp
            step["failed"] = kind == "STEP_FAILURE"
        elif kind == "ASSET_MATERIALIZATION":
            try:
                step["layers"].add(event.asset_key.path[0])
            except (AttributeError, IndexError):
                pass
        elif kind == "ASSET_CHECK_EVALUATION":
            step["checks"] += 1
    ran = {k: v for k, v in steps.items() if v["start"] is not None}
    windows: dict[str, list[tuple[float, float]]] = {}
    failed: dict[str, list[str]] = {}
    for key, step in sorted(ran.items(), key=lambda kv: kv[1]["start"]):
        end = step["end"] or step["start"]
        stage = classify_step(key, step["layers"], step["checks"])
        windows.setdefault(stage, []).append((step["start"], end))
        build.steps.append((key, stage, end - step["start"]))
        if step["failed"] or step["end"] is None:
            failed.setdefault(stage, []).append(key)
    first_event = records[0].timestamp
    first_step = min((w[0] for ws in windows.values() for w in ws), default=first_event)
    last_step = max((w[1] for ws in windows.values() for w in ws), default=first_event)
    build.parts["start-up (imports, definitions)"] = Stage(
        max(0.0, first_event - measured.started_at), measured.peak_between(measured.started_at, first_event))
    build.parts["run set-up (planned-event bookkeeping)"] = Stage(
        max(0.0, first_step - first_event), measured.peak_between(first_event, first_step))
    in_steps = 0.0
    for stage in (*BUILD_STAGES, "other"):
        if stage not in windows:
            if stage in BUILD_STAGES:
                build.parts[stage] = Stage(None, None, "not run")
            continue
        seconds = sum(end - start for start, end in windows[stage])
        in_steps += seconds
        peak = max(measured.peak_between(start, end) for start, end in windows[stage])
        note = f"FAILED: {', '.join(failed[stage])}" if stage in failed else ""
        build.parts[stage] = Stage(seconds, peak, note)
    build.parts["between steps and wind-down"] = Stage(
        max(0.0, (last_step - first_step - in_steps) + (measured.ended_at - last_step)),
        measured.peak_between(last_step, measured.ended_at))
    return build


# -- held-out day: the daily increment --------------------------------------------------------------
def hold_out(landing: Path, first_day: date, into: Path) -> list[date]:
    """Move the order partitions from ``first_day`` on out of the landing zone."""
    moved = set()
    for source in ("ebay", "discogs"):
        folder = landing / source
        if not folder.is_dir():
            continue
        for child in sorted(folder.iterdir()):
            if child.is_dir() and re.fullmatch(r"\d{4}-\d{2}-\d{2}", child.name) and \
                    date.fromisoformat(child.name) >= first_day:
                (into / source).mkdir(parents=True, exist_ok=True)
                child.rename(into / source / child.name)
                moved.add(date.fromisoformat(child.name))
    return sorted(moved)


def land_held_out(landing: Path, held: Path) -> None:
    for source_dir in sorted(held.iterdir()):
        for child in sorted(source_dir.iterdir()):
            child.rename(landing / source_dir.name / child.name)


# -- one size -------------------------------------------------------------------------------------
def bench_size(orders: int, *, seed: int, days: int, end_date: date, data_dir: Path, skip_api: bool,
               profile: bool, progress: Progress, prepare: bool = True) -> SizeReport:
    report = SizeReport(orders, data_dir, end_date, load_before=_load_average())
    env = _env(data_dir)
    (data_dir / "dagster").mkdir(parents=True, exist_ok=True)
    logs = data_dir / "bench-logs"
    landing = data_dir / "landing"

    progress(f"bench: {orders:,} orders: generate into {data_dir}")
    generated = run_measured(_python("-m", "pipelines", "generate", "--orders", str(orders), "--seed", str(seed),
                                     "--days", str(days), "--end-date", end_date.isoformat()),
                             env, logs / "generate.log", cwd=PROJECT_ROOT)
    report.generate = _stage_from(generated)
    progress(f"bench: {orders:,} orders: {generated.stdout.strip() or report.generate.note}")
    if report.generate.failed:
        return report

    held = data_dir / "held-out"
    held_days = hold_out(landing, end_date, held)
    report.incremental_days = (f"{held_days[0]}..{held_days[-1]}" if len(held_days) > 1
                               else str(held_days[0]) if held_days else "")

    if prepare:
        # As a deployment does before its first run: the manifest and the saved parse, made with
        # the data directory's settings, which every run's dbt then re-parses only where changed.
        # Not part of the measured build (make prepares once; a schedule never does).
        progress(f"bench: {orders:,} orders: preparing the dbt manifest for {data_dir}")
        prepared = subprocess.run(_python("-m", "pipelines", "prepare"), env=env, cwd=PROJECT_ROOT,
                                  capture_output=True, text=True)
        if prepared.returncode != 0:
            progress(f"bench: prepare failed, the builds will likely fail too: {prepared.stderr.strip()[-300:]}")

    progress(f"bench: {orders:,} orders: full build (materialize), the last day held out")
    try:
        # As of the held-out day's eve: the build the daily increment follows ran the day before.
        full_env = {**env, "PIPELINES_AS_OF": _eve_utc(end_date)}
        measured = run_measured(_python("-m", "pipelines", "materialize"), full_env, logs / "materialize-full.log",
                                cwd=PROJECT_ROOT)
        report.build = build_breakdown(measured, data_dir / "dagster")
        progress(f"bench: {orders:,} orders: {_last_line(measured)}")
    except Exception as exc:  # a broken stage is a row in the table, not the end of the benchmark
        report.build.total = Stage(note=f"FAILED: {type(exc).__name__}: {exc}")

    progress(f"bench: {orders:,} orders: floor (sql/bench_floor.sql in a fresh DuckDB process)")
    try:
        floor = run_measured(_python("-m", "pipelines.bench_floor", str(landing)), env, logs / "floor.log",
                             cwd=PROJECT_ROOT)
        report.floor = _stage_from(floor)
        if floor.ok:
            report.floor_result = json.loads(floor.stdout.strip().splitlines()[-1])
            report.floor.note = f"query {report.floor_result['seconds']:.1f} s"
    except Exception as exc:
        report.floor = Stage(note=f"FAILED: {type(exc).__name__}: {exc}")
    report.marts_revenue = _published_revenue(data_dir)

    if report.build.run_id:
        try:
            from pipelines.bench_profile import dbt_nodes

            report.dbt_nodes = dbt_nodes(report.build.run_id)
        except Exception as exc:
            progress(f"bench: could not read dbt run results: {exc}")
    if profile:
        progress(f"bench: {orders:,} orders: replaying the ingest statement by statement")
        try:
            profiled = run_measured(_python("-m", "pipelines.bench_profile", str(data_dir)), env,
                                    logs / "profile-ingest.log", cwd=PROJECT_ROOT)
            if profiled.ok:
                report.ingest_profile = json.loads(profiled.stdout.strip().splitlines()[-1])
            else:
                progress(f"bench: the ingest replay failed: {_last_line(profiled)}")
        except Exception as exc:
            progress(f"bench: the ingest replay failed: {type(exc).__name__}: {exc}")

    if held_days:
        land_held_out(landing, held)
        progress(f"bench: {orders:,} orders: daily increment, materialize {report.incremental_days}")
        try:
            measured = run_measured(_python("-m", "pipelines", "materialize", "--start-date", held_days[0].isoformat(),
                                            "--end-date", held_days[-1].isoformat()),
                                    env, logs / "materialize-increment.log", cwd=PROJECT_ROOT)
            report.incremental = build_breakdown(measured, data_dir / "dagster")
            progress(f"bench: {orders:,} orders: {_last_line(measured)}")
        except Exception as exc:
            report.incremental.total = Stage(note=f"FAILED: {type(exc).__name__}: {exc}")

    if skip_api:
        report.api_note = "skipped (--skip-api)"
    elif not (data_dir / "serving" / "CURRENT").exists():
        report.api_note = "not measured: no snapshot was published"
    else:
        try:
            report.api = _bench_api(env, logs, progress)
        except Exception as exc:
            report.api_note = f"FAILED: {type(exc).__name__}: {exc}"
    report.load_after = _load_average()
    return report


def _published_revenue(data_dir: Path) -> str | None:
    import duckdb

    pointer = data_dir / "serving" / "CURRENT"
    if not pointer.exists():
        return None
    try:
        con = duckdb.connect(str(pointer.parent / pointer.read_text().strip()), read_only=True)
        try:
            return str(con.execute("select total_revenue from marts.order_stats").fetchone()[0])
        finally:
            con.close()
    except duckdb.Error:
        return None


def _bench_api(env: dict[str, str], logs: Path, progress: Progress):
    from pipelines.bench_api import bench_reader

    token = None
    for name in ("bench", f"bench-{os.getpid()}-{int(time.time())}"):
        created = subprocess.run(_python("-m", "pipelines", "token", "create", name), env=env, cwd=PROJECT_ROOT,
                                 capture_output=True, text=True)
        if created.returncode == 0 and created.stdout.strip():
            token = created.stdout.strip().splitlines()[-1]
            break
    if token is None:
        raise RuntimeError(f"could not create an API token: {created.stderr.strip()[:200]}")
    return bench_reader(sys.executable, env, token, logs / "serve.log", PROJECT_ROOT, progress=progress)


# -- the report -----------------------------------------------------------------------------------
def _mb(value: int | None) -> str:
    if not value:
        return ""
    return f"{value / 1e9:.2f} GB" if value >= 1e9 else f"{value / 1e6:.0f} MB"


def _secs(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.0f} s" if value >= 100 else f"{value:.1f} s"


def _cell(stage: Stage | None, with_rss: bool = True) -> str:
    if stage is None:
        return ""
    if stage.seconds is None:
        return (stage.note[:157] + "..." if len(stage.note) > 160 else stage.note) or "n/a"
    parts = [_secs(stage.seconds)]
    if with_rss and stage.peak_rss:
        parts.append(_mb(stage.peak_rss))
    text = " · ".join(parts)
    note = stage.note if len(stage.note) <= 160 else stage.note[:157] + "..."
    return f"{text} ({note})" if note else text


def _ratio(a: float | None, b: float | None, fmt: str = "{:.1f}x") -> str:
    if not a or not b:
        return "n/a"
    return fmt.format(a / b)


def render(reports: list[SizeReport], machine: dict[str, str], command: str, started: datetime) -> str:
    sizes = [f"{r.orders:,} orders" for r in reports]
    out = [f"Measured {started:%Y-%m-%d %H:%M} UTC with `{command}`.", "",
           f"Machine: {machine['nproc']} CPUs ({machine['cpu']}), {machine['memory']} memory, {machine['os']}; "
           f"Python {machine['python']}, DuckDB {machine['duckdb']}, Dagster {machine['dagster']}, "
           f"dbt-core {machine['dbt-core']}. Load average (1 min) before/after each size: "
           + ", ".join(f"{r.load_before or 0:.1f}/{r.load_after or 0:.1f}" for r in reports)
           + " (other work on the machine slows everything measured here).", "",
           "Each cell: wall time · peak resident memory of the process tree (sum of VmRSS, sampled every 100 ms).",
           "", "### Build", "",
           "| stage | " + " | ".join(sizes) + " |", "| --- |" + " ---: |" * len(reports)]

    def row(label: str, cells: list[str]) -> None:
        out.append(f"| {label} | " + " | ".join(cells) + " |")

    row("generate the world (not part of the build)", [_cell(r.generate) for r in reports])
    row("**full build**: `materialize`, whole process", [f"**{_cell(r.build.total)}**" for r in reports])
    part_names: list[str] = []
    for r in reports:
        for name in r.build.parts:
            if name not in part_names:
                part_names.append(name)
    for name in part_names:
        row(f"  ↳ {name}", [_cell(r.build.parts.get(name)) for r in reports])
    row("**floor**: `sql/bench_floor.sql`, fresh DuckDB process", [f"**{_cell(r.floor)}**" for r in reports])
    row("full build ÷ floor", [_ratio(r.build.total.seconds, r.floor.seconds) for r in reports])
    row("revenue: floor / published marts (same work?)",
        [f"{r.floor_result.get('revenue_home', 'n/a')} / {r.marts_revenue or 'n/a'}" for r in reports])
    row("**daily increment**: `materialize` of the held-out last day",
        [f"**{_cell(r.incremental.total)}** ({r.incremental_days})" if r.incremental_days else "n/a" for r in reports])
    for name in BUILD_STAGES:
        row(f"  ↳ {name}", [_cell(r.incremental.parts.get(name)) for r in reports])
    row("daily increment ÷ full build",
        [_ratio(r.incremental.total.seconds, r.build.total.seconds, "{:.0%}") for r in reports])

    api_reports = [r for r in reports if r.api is not None and getattr(r.api, "groups", None)]
    if api_reports or any(r.api_note for r in reports):
        out += ["", "### API", "",
                "8 concurrent clients (threads, one keep-alive `http.client` connection each) on "
                "loopback against `python -m pipelines serve` (one worker); latencies measured by the "
                "client, after one untimed warm-up round per group. *One client alone* is the latency "
                "with nothing queued; *server CPU* is the server process's CPU time (from /proc) over "
                "the group's requests, per request.", ""]
        for r in reports:
            if r.api is None or not getattr(r.api, "groups", None):
                note = r.api_note or getattr(r.api, "note", "") or "no result"
                out.append(f"{r.orders:,} orders: {note}")
                continue
            api = r.api
            out += [f"**{r.orders:,} orders**: cold start (process start → first 200 on `/api/v1/orders/stats/`) "
                    f"{_secs(api.cold_start_s)}; reader RSS after the load {_mb(api.rss_after_bytes)}.", "",
                    "| endpoint group | requests | req/s | p50 ms | p99 ms | errors | p50 ms, one client alone "
                    "| server CPU ms/request |",
                    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
            for g in api.groups:
                errors = f"{g.errors}" + (f" (`{g.error_sample[:80]}`)" if g.errors else "")
                out.append(f"| {g.name} | {g.requests} | {g.rps:,.0f} | {g.p50_ms:.1f} | {g.p99_ms:.1f} | {errors} "
                           f"| {g.alone_p50_ms:.1f} | {g.server_cpu_ms:.2f} |")
            out.append("")

    if any(r.dbt_nodes for r in reports):
        out += ["", "### Where the dbt time goes (full build; node times from dbt's run_results.json)", ""]
        for r in reports:
            if not r.dbt_nodes:
                continue
            kinds = r.dbt_nodes["by_kind"]
            in_nodes = sum(kinds.values())
            step = r.build.parts.get("dbt")
            rest = ""
            if step and step.seconds:
                rest = (f" (node times add up to {_secs(in_nodes)} in a {_secs(step.seconds)} step: dbt runs "
                        "nodes on two threads; the rest of the step is dbt's start-up and manifest loading "
                        "and Dagster's handling of its events)")
            out += [f"**{r.orders:,} orders**: {r.dbt_nodes['nodes']} nodes, "
                    + ", ".join(f"{kind} {_secs(secs)}" for kind, secs in kinds.items()) + rest
                    + ". Slowest: " + ", ".join(f"{n['node']} {_secs(n['seconds'])}" for n in r.dbt_nodes["top"]), ""]
    if any(r.ingest_profile for r in reports):
        out += ["", "### Where the ingest time goes (loaders replayed statement by statement)", ""]
        for r in reports:
            p = r.ingest_profile
            if not p:
                continue
            top = ", ".join(f"`{s['statement']}` {_secs(s['seconds'])} ({s['calls']}×)" for s in p["statements"][:8])
            out += [f"**{r.orders:,} orders**: {_secs(p['seconds'])} in all: {top}", ""]
    return "\n".join(out).rstrip() + "\n"


def write_docs(body: str, path: Path = DOCS_PATH) -> None:
    """Put ``body`` between the bench markers of ``path`` (the markers are added if missing)."""
    text = path.read_text() if path.exists() else "# Benchmarks\n\n"
    block = f"{START_MARKER}\n{body}{END_MARKER}"
    if START_MARKER in text and END_MARKER in text:
        head, rest = text.split(START_MARKER, 1)
        _, tail = rest.split(END_MARKER, 1)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def summary_line(reports: list[SizeReport], wrote: Path | None) -> str:
    parts = []
    for r in reports:
        api = ""
        if r.api is not None and getattr(r.api, "groups", None):
            worst = max(r.api.groups, key=lambda g: g.p99_ms)
            errors = sum(g.errors for g in r.api.groups)
            api = f", API worst p99 {worst.p99_ms:.0f} ms ({worst.name}), {errors} errors"
        parts.append(f"{r.orders:,} orders: build {_secs(r.build.total.seconds)} "
                     f"({_ratio(r.build.total.seconds, r.floor.seconds)} the floor), peak {_mb(r.build.total.peak_rss)}, "
                     f"daily increment {_ratio(r.incremental.total.seconds, r.build.total.seconds, '{:.0%}')}{api}")
    where = f"; tables written to {wrote}" if wrote else ""
    return "bench: " + "; ".join(parts) + where


def bench(sizes: list[int], *, skip_api: bool = False, keep: Path | None = None, seed: int = 7, days: int = 365,
          profile: bool = False, docs: Path | None = DOCS_PATH, prepare: bool = True,
          progress: Progress = print) -> int:
    started = datetime.now(timezone.utc)
    command = "python -m pipelines bench " + " ".join(sys.argv[2:]) if sys.argv[1:2] == ["bench"] else \
        f"python -m pipelines bench --sizes {','.join(map(str, sizes))}"
    machine = machine_info()
    # Today in the seller's zone: the reader's analytics windows end today, so the world does too.
    end_date = datetime.now(ZoneInfo(get_settings().timezone)).date()
    reports = []
    for orders in sizes:
        if keep:
            data_dir = keep.resolve() / f"orders-{orders}"
            if data_dir.exists():
                shutil.rmtree(data_dir)
            data_dir.mkdir(parents=True)
        else:
            data_dir = Path(tempfile.mkdtemp(prefix=f"pipelines-bench-{orders}-"))
        try:
            reports.append(bench_size(orders, seed=seed, days=days, end_date=end_date, data_dir=data_dir,
                                      skip_api=skip_api, profile=profile, prepare=prepare, progress=progress))
        finally:
            if not keep:
                shutil.rmtree(data_dir, ignore_errors=True)
        body = render(reports, machine, command, started)
        if docs:
            write_docs(body, docs)
    body = render(reports, machine, command, started)
    print(body)
    print(summary_line(reports, docs))
    ok = all(not r.build.total.failed and r.build.total.seconds is not None for r in reports)
    return 0 if ok else 1


def parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        scale = 1
        if part.endswith("k"):
            part, scale = part[:-1], 1_000
        elif part.endswith("m"):
            part, scale = part[:-1], 1_000_000
        sizes.append(int(float(part) * scale))
    if not sizes or min(sizes) < 1:
        raise ValueError("sizes must be positive order counts")
    return sizes

