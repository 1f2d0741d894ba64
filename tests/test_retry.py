"""Transient errors are retried, data errors are not (pipelines/retry.py).

The lock is real: another process opens ``warehouse.duckdb`` (read-only, as an analyst's notebook
would) and holds it while a run starts; the run's warehouse step fails on DuckDB's lock error,
goes up for retry, and succeeds once the other process lets go. A data error (a failing dbt test)
fails its step on the first attempt.
"""

# No `from __future__ import annotations`: Dagster reads the context annotation of the test assets.

import re
import shutil
import socket
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import dagster as dg
import duckdb
import httpx
import pytest

from pipelines.retry import TRANSIENT_RETRY_POLICY, retry_transient, transient_reason
from world_fixtures import PROJECT_ROOT, World, build_world, sell_one_item_twice, world_env

# Opens a DuckDB file and keeps it open until its stdin closes (or ``hold_seconds`` pass).
HOLDER = """
import sys, time, duckdb, select
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "ro")
print("held", flush=True)
select.select([sys.stdin], [], [], float(sys.argv[3]))
con.close()
"""
RETRY_LINE = "transient lock error, retry 1/"


class Holder:
    """Another process holding a DuckDB file: released on ``release()`` or after ``seconds``."""

    def __init__(self, path: Path, read_only: bool = True, seconds: float = 600):
        self.proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), "ro" if read_only else "rw", str(seconds)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "held"

    def release(self) -> None:
        if not self.proc.stdin.closed:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)

    def __enter__(self) -> "Holder":
        return self

    def __exit__(self, *exc) -> None:
        self.release()


# -- which errors are transient -----------------------------------------------------------------

def test_a_warehouse_file_held_by_another_process_is_a_transient_lock_error(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    duckdb.connect(str(path)).close()
    with Holder(path, read_only=True):
        with pytest.raises(duckdb.IOException) as raised:
            duckdb.connect(str(path))
    assert transient_reason(raised.value) == "lock"
    # the same error reached through another one (``raise ... from``) is still transient
    try:
        raise RuntimeError("loading raw.ebay_orders failed") from raised.value
    except RuntimeError as wrapped:
        assert transient_reason(wrapped) == "lock"


def test_a_refused_connection_is_a_transient_network_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(httpx.ConnectError) as raised:
        httpx.get(f"http://127.0.0.1:{port}/sell/fulfillment/v1/order", timeout=5)
    assert transient_reason(raised.value) == "network"
    with pytest.raises(ConnectionRefusedError) as refused:
        socket.create_connection(("127.0.0.1", port), timeout=5)
    assert transient_reason(refused.value) == "network"


def test_data_errors_are_not_transient(tmp_path):
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    for query in ("select 'twelve'::integer", "select * from raw.no_such_table",
                  f"select * from read_json('{tmp_path / 'missing.json'}')"):
        with pytest.raises(duckdb.Error) as raised:
            con.execute(query)
        assert transient_reason(raised.value) is None, raised.value
    (tmp_path / "page.json").write_text('{"orders": [')
    with pytest.raises(duckdb.Error) as raised:
        con.execute(f"select * from read_json('{tmp_path / 'page.json'}')")
    assert transient_reason(raised.value) is None
    con.close()
    failing_test = dg.Failure(description="The dbt CLI process with command `dbt build` failed with exit code `1`.\n"
                                          "Failure in test unique_orders_inventory_uid (models/marts/_marts.yml)")
    assert transient_reason(failing_test) is None
    with pytest.raises(FileNotFoundError) as raised:
        open(tmp_path / "landing" / "page-00001.json")
    assert transient_reason(raised.value) is None


# -- through Dagster, on a small job ------------------------------------------------------------

def _run(assets: list, holder: Holder | None = None) -> tuple[dg.ExecuteInProcessResult, Counter]:
    """Run ``assets`` in process; a ``holder`` lets go of its file once the run goes up for retry."""
    job = dg.define_asset_job("job", selection=dg.AssetSelection.all())
    defs = dg.Definitions(assets=assets, jobs=[job])
    instance = dg.DagsterInstance.ephemeral()
    done = threading.Event()

    def release_on_retry():
        while not done.is_set():
            if any(instance.all_logs(run.run_id, of_type=dg.DagsterEventType.STEP_UP_FOR_RETRY)
                   for run in instance.get_runs()):
                holder.release()
                return
            done.wait(0.1)

    watcher = threading.Thread(target=release_on_retry, daemon=True)
    if holder:
        watcher.start()
    try:
        result = defs.resolve_job_def("job").execute_in_process(instance=instance, raise_on_error=False)
    finally:
        done.set()
    return result, Counter(e.event_type_value for e in result.all_events)


def test_a_step_that_meets_a_held_lock_goes_up_for_retry_and_then_succeeds(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    duckdb.connect(str(path)).close()

    @dg.asset
    @retry_transient
    def orders(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        with duckdb.connect(str(path)) as con:
            con.execute("create or replace table orders as select 1 as order_id")
        return dg.MaterializeResult(metadata={"attempt": context.retry_number + 1})

    with Holder(path, read_only=True) as holder:
        result, events = _run([orders], holder)
    assert result.success
    assert events["STEP_UP_FOR_RETRY"] >= 1
    assert events["STEP_SUCCESS"] == 1
    retried = next(e for e in result.all_events if e.event_type_value == "STEP_UP_FOR_RETRY")
    assert "Could not set lock" in str(retried.event_specific_data.error.cause)
    assert 0 <= retried.event_specific_data.seconds_to_wait <= 2 * TRANSIENT_RETRY_POLICY.delay  # attempt 1: 2 s ± 2 s


def test_a_data_error_fails_the_step_on_its_first_attempt(tmp_path):
    page = tmp_path / "page-00001.json"
    page.write_text('{"orders": [')

    @dg.asset
    @retry_transient
    def orders(context: dg.AssetExecutionContext):
        with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
            con.execute(f"create table orders as select * from read_json('{page}')")
        yield dg.MaterializeResult()

    result, events = _run([orders])
    assert not result.success
    assert events["STEP_START"] == 1
    assert events["STEP_UP_FOR_RETRY"] == 0
    assert events["STEP_FAILURE"] == 1


def test_the_retry_wrapper_keeps_what_dagster_reads_from_the_signature():
    from pipelines.ingest.assets import raw_ebay_orders
    from pipelines.publish.assets import serving_snapshot
    from pipelines.transform.assets import warehouse_models

    assert "lookback_days" in raw_ebay_orders.op.config_schema.as_field().config_type.fields
    assert "dbt" in warehouse_models.required_resource_keys
    assert serving_snapshot.op.retry_policy is None, "a decorator policy would retry data errors too"


# -- the pipeline, for real ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> World:
    return build_world(tmp_path_factory.mktemp("retry-world"), orders=300, days=20)


def _steps(world: World, run_id: str) -> dict[str, Counter]:
    instance = dg.DagsterInstance.from_config(str(world.data_dir / "dagster"))
    steps: dict[str, Counter] = {}
    for entry in instance.all_logs(run_id):
        if entry.dagster_event and entry.dagster_event.step_key:
            steps.setdefault(entry.dagster_event.step_key, Counter())[entry.dagster_event.event_type_value] += 1
    return steps


def _run_while_held(world: World, command: list[str], read_only: bool = True) -> tuple[int, str]:
    """Start ``command`` while another process holds the warehouse; let go when the run says it
    will retry. Returns the exit code and the output."""
    env = {**world.env, "PYTHONUNBUFFERED": "1"}
    with Holder(world.data_dir / "warehouse.duckdb", read_only=read_only) as holder:
        proc = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        seen = []
        for line in proc.stdout:
            seen.append(line)
            if RETRY_LINE in line:
                holder.release()
    proc.wait(timeout=60)
    return proc.returncode, "".join(seen)


def _run_id(output: str) -> str:
    found = re.findall(r"\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b", output)
    assert found, output[-3000:]
    return found[-1]


@pytest.mark.slow
def test_a_build_started_while_an_analyst_holds_the_warehouse_retries_and_publishes(built):
    before = (built.data_dir / "serving" / "CURRENT").read_text()
    code, output = _run_while_held(built, [sys.executable, "-m", "pipelines", "materialize"])
    assert code == 0, output[-5000:]
    assert RETRY_LINE in output
    steps = _steps(built, _run_id(output))
    retried = [step for step, events in steps.items() if events["STEP_UP_FOR_RETRY"]]
    assert retried, steps
    for step in retried:
        assert steps[step]["STEP_SUCCESS"] == 1, (step, steps[step])
    assert steps["serving__snapshot"]["STEP_SUCCESS"] == 1
    assert (built.data_dir / "serving" / "CURRENT").read_text() != before


@pytest.mark.slow
def test_dbt_meeting_a_held_warehouse_retries_and_succeeds(built):
    """dbt opens the warehouse itself; its lock error arrives as a failed dbt command."""
    code, output = _run_while_held(built, [sys.executable, "-m", "dagster", "asset", "materialize",
                                           "-m", "pipelines.definitions", "--select", "staging/stg_ebay__orders"],
                                   read_only=False)
    assert code == 0, output[-5000:]
    assert RETRY_LINE in output
    steps = _steps(built, _run_id(output))
    assert steps["warehouse_models"]["STEP_UP_FOR_RETRY"] >= 1, steps
    assert steps["warehouse_models"]["STEP_SUCCESS"] == 1, steps


@pytest.mark.slow
def test_a_failing_dbt_test_is_not_retried(built, tmp_path):
    """Two listings pointing at one inventory item make dbt's unique test on
    marts.orders.inventory_uid fail: the dbt step fails once, with no retry."""
    data_dir = tmp_path / "world"
    shutil.copytree(built.data_dir, data_dir)
    world = World(data_dir, world_env(data_dir))
    sell_one_item_twice(world)

    proc = world.run("materialize", check=False)
    assert proc.returncode != 0, proc.stdout[-3000:]
    steps = _steps(world, _run_id(proc.stdout))
    assert steps["warehouse_models"]["STEP_START"] == 1, steps["warehouse_models"]
    assert steps["warehouse_models"]["STEP_UP_FOR_RETRY"] == 0
    assert steps["warehouse_models"]["STEP_FAILURE"] == 1
    assert "transient" not in proc.stdout + proc.stderr
