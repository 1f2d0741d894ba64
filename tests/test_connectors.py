"""Connectors against a real local HTTP server serving pages in the marketplaces' own shapes."""

from __future__ import annotations

import copy
import socket
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from pipelines.ingest.connectors import (
    AuthError,
    ConnectorError,
    DiscogsOrdersClient,
    EbayOrdersClient,
    FileMarketplaceClient,
    RetryPolicy,
    TruncatedResponse,
    fetch_to_landing,
)
from pipelines.ingest.landing import read_manifest

FIXTURES = Path(__file__).parent / "fixtures"
EBAY_PATH = "/sell/fulfillment/v1/order"
DISCOGS_PATH = "/marketplace/orders"
FROM = datetime(2026, 2, 14, tzinfo=UTC)
TO = datetime(2026, 2, 15, tzinfo=UTC)
FAST = RetryPolicy(max_attempts=3, base_delay=0.01, factor=2.0, max_delay=1.0,
                   max_retry_after=30.0)


class RecordingSleep:
    """Stands in for time.sleep: remembers what it was asked to wait, waits for nothing."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


def fixture_page(name: str) -> dict:
    return orjson.loads((FIXTURES / name).read_bytes())


def ebay_pages(httpserver: HTTPServer, sizes: list[int]) -> list[bytes]:
    """The fixture's orders split into pages of ``sizes``, linked by eBay-style ``next`` URLs."""
    template = fixture_page("ebay_page.json")
    orders = template["orders"]
    pages, offset = [], 0
    for index, size in enumerate(sizes):
        page = copy.deepcopy(template)
        page.update(total=len(orders), limit=size, offset=offset,
                    orders=orders[offset:offset + size])
        page.pop("next", None)
        if index + 1 < len(sizes):
            page["next"] = httpserver.url_for(f"{EBAY_PATH}?limit={size}&offset={offset + size}")
        pages.append(orjson.dumps(page))
        offset += size
    return pages


def serve_ebay_by_offset(httpserver: HTTPServer, pages: list[bytes], size: int) -> None:
    def handler(request: Request) -> Response:
        body = pages[int(request.args["offset"]) // size]
        return Response(body, content_type="application/json")

    httpserver.expect_request(EBAY_PATH).respond_with_handler(handler)


def ebay_client(httpserver: HTTPServer, sleep: RecordingSleep, **kwargs) -> EbayOrdersClient:
    return EbayOrdersClient(httpserver.url_for(""), "ebay-user-token", retry=FAST, sleep=sleep,
                            **kwargs)


def requests_made(httpserver: HTTPServer) -> list[Request]:
    return [request for request, _ in httpserver.log]


# --- eBay -------------------------------------------------------------------------------


def test_ebay_follows_next_until_absent_keeping_bytes_as_received(httpserver, sleep):
    pages = ebay_pages(httpserver, [2, 1])
    serve_ebay_by_offset(httpserver, pages, size=2)

    fetched = list(ebay_client(httpserver, sleep, page_size=2).fetch_pages(FROM, TO))

    assert [p.number for p in fetched] == [1, 2]
    assert [p.body for p in fetched] == pages
    assert [p.records for p in fetched] == [2, 1]
    assert [request.args["offset"] for request in requests_made(httpserver)] == ["0", "2"]
    assert fetched[1].url.endswith("offset=2")


def test_ebay_sends_bearer_token_and_lastmodifieddate_filter(httpserver, sleep):
    serve_ebay_by_offset(httpserver, ebay_pages(httpserver, [3]), size=3)

    list(ebay_client(httpserver, sleep).fetch_pages(FROM, TO))

    (request,) = requests_made(httpserver)
    assert request.headers["Authorization"] == "Bearer ebay-user-token"
    assert request.args["filter"] == (
        "lastmodifieddate:[2026-02-14T00:00:00.000Z..2026-02-15T00:00:00.000Z]"
    )
    assert request.args["limit"] == "200"
    assert request.args["offset"] == "0"


def test_ebay_filter_converts_window_to_utc_milliseconds(httpserver, sleep):
    serve_ebay_by_offset(httpserver, ebay_pages(httpserver, [3]), size=3)
    pacific = datetime(2026, 2, 13, 8, 0, 0, 250_000, tzinfo=timezone(timedelta(hours=-8)))

    list(ebay_client(httpserver, sleep).fetch_pages(pacific, TO))

    (request,) = requests_made(httpserver)
    assert request.args["filter"].startswith("lastmodifieddate:[2026-02-13T16:00:00.250Z..")


def test_empty_ebay_result_without_orders_key_is_one_page_of_zero(httpserver, sleep):
    empty = b'{"href":"x","total":0,"limit":200,"offset":0}'
    httpserver.expect_request(EBAY_PATH).respond_with_data(empty, content_type="application/json")

    (page,) = ebay_client(httpserver, sleep).fetch_pages(FROM, TO)

    assert (page.records, page.body) == (0, empty)


def test_rate_limited_request_waits_for_retry_after_then_succeeds(httpserver, sleep):
    (body,) = ebay_pages(httpserver, [3])
    httpserver.expect_oneshot_request(EBAY_PATH).respond_with_data(
        '{"errors":[{"errorId":2001,"message":"Too many requests"}]}', status=429,
        headers={"Retry-After": "7"}, content_type="application/json")
    httpserver.expect_request(EBAY_PATH).respond_with_data(body, content_type="application/json")

    (page,) = ebay_client(httpserver, sleep).fetch_pages(FROM, TO)

    assert page.body == body
    assert sleep.calls == [7.0]


def test_retry_after_longer_than_the_cap_is_capped(httpserver, sleep):
    (body,) = ebay_pages(httpserver, [3])
    httpserver.expect_oneshot_request(EBAY_PATH).respond_with_data(
        "", status=429, headers={"Retry-After": "86400"})
    httpserver.expect_request(EBAY_PATH).respond_with_data(body, content_type="application/json")

    list(ebay_client(httpserver, sleep).fetch_pages(FROM, TO))

    assert sleep.calls == [30.0]


def test_server_error_is_retried_after_backoff(httpserver, sleep):
    (body,) = ebay_pages(httpserver, [3])
    httpserver.expect_oneshot_request(EBAY_PATH).respond_with_data("upstream hiccup", status=500)
    httpserver.expect_request(EBAY_PATH).respond_with_data(body, content_type="application/json")

    (page,) = ebay_client(httpserver, sleep).fetch_pages(FROM, TO)

    assert page.body == body
    assert sleep.calls == [0.01]
    assert len(httpserver.log) == 2


def test_persistent_server_errors_fail_after_backing_off_exponentially(httpserver, sleep):
    httpserver.expect_request(EBAY_PATH).respond_with_data("down", status=503)

    with pytest.raises(ConnectorError, match="ebay: HTTP 503"):
        list(ebay_client(httpserver, sleep).fetch_pages(FROM, TO))

    assert len(httpserver.log) == FAST.max_attempts
    assert sleep.calls == [0.01, 0.02]


def test_truncated_body_is_fetched_again(httpserver, sleep):
    (body,) = ebay_pages(httpserver, [3])
    httpserver.expect_oneshot_request(EBAY_PATH).respond_with_data(
        body[: len(body) // 2], content_type="application/json")
    httpserver.expect_request(EBAY_PATH).respond_with_data(body, content_type="application/json")

    (page,) = ebay_client(httpserver, sleep).fetch_pages(FROM, TO)

    assert page.body == body
    assert len(httpserver.log) == 2


def test_body_truncated_on_every_attempt_raises_truncated_response(httpserver, sleep):
    (body,) = ebay_pages(httpserver, [3])
    httpserver.expect_request(EBAY_PATH).respond_with_data(
        body[:500], content_type="application/json")

    with pytest.raises(TruncatedResponse, match="ebay: body from .* is not valid JSON"):
        list(ebay_client(httpserver, sleep).fetch_pages(FROM, TO))

    assert len(httpserver.log) == FAST.max_attempts


@pytest.mark.parametrize("status", [401, 403])
def test_expired_token_fails_at_once_without_retry(httpserver, sleep, status):
    httpserver.expect_request(EBAY_PATH).respond_with_json(
        {"errors": [{"errorId": 1001, "domain": "OAuth", "category": "REQUEST",
                     "message": "Invalid access token",
                     "longMessage": "Invalid access token. Check the value of the "
                                    "Authorization HTTP request header."}]},
        status=status)

    with pytest.raises(AuthError, match=f"ebay: HTTP {status}") as raised:
        list(ebay_client(httpserver, sleep).fetch_pages(FROM, TO))

    assert len(httpserver.log) == 1
    assert sleep.calls == []
    assert "Invalid access token" in str(raised.value)
    assert "ebay-user-token" not in str(raised.value)


def test_client_error_other_than_auth_is_not_retried(httpserver, sleep):
    httpserver.expect_request(EBAY_PATH).respond_with_data(
        '{"errors":[{"errorId":30800,"message":"Invalid filter"}]}', status=400)

    with pytest.raises(ConnectorError, match="HTTP 400.*Invalid filter"):
        list(ebay_client(httpserver, sleep).fetch_pages(FROM, TO))

    assert len(httpserver.log) == 1


def test_next_link_pointing_back_stops_instead_of_looping(httpserver, sleep):
    page = fixture_page("ebay_page.json")
    page["next"] = httpserver.url_for(f"{EBAY_PATH}?limit=200&offset=200")
    httpserver.expect_request(EBAY_PATH).respond_with_json(page)

    with pytest.raises(ConnectorError, match="already fetched"):
        list(ebay_client(httpserver, sleep).fetch_pages(FROM, TO))

    assert len(httpserver.log) == 2


def test_naive_window_is_refused_before_any_request(httpserver, sleep):
    with pytest.raises(ValueError, match="timezone-aware"):
        list(ebay_client(httpserver, sleep).fetch_pages(datetime(2026, 2, 14), TO))

    assert httpserver.log == []


# --- network failures -------------------------------------------------------------------


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers: every read times out."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_timeouts_are_retried_then_reported(silent_port, sleep):
    client = EbayOrdersClient(f"http://127.0.0.1:{silent_port}", "t", retry=FAST, sleep=sleep,
                              timeout=0.05)

    with pytest.raises(ConnectorError, match="ReadTimeout"):
        list(client.fetch_pages(FROM, TO))

    assert sleep.calls == [0.01, 0.02]


def test_refused_connections_are_retried_then_reported(closed_port, sleep):
    client = DiscogsOrdersClient(f"http://127.0.0.1:{closed_port}", "t", retry=FAST, sleep=sleep)

    with pytest.raises(ConnectorError, match="discogs: ConnectError"):
        list(client.fetch_pages(FROM, TO))

    assert sleep.calls == [0.01, 0.02]


# --- Discogs ----------------------------------------------------------------------------


def discogs_page(httpserver: HTTPServer, page: int, pages: int, activities: list[str]) -> bytes:
    """A Discogs orders page whose orders carry the given ``last_activity`` values."""
    template = fixture_page("discogs_page.json")
    orders = []
    for index, activity in enumerate(activities):
        order = copy.deepcopy(template["orders"][index % len(template["orders"])])
        order.update(id=f"1-{page * 10 + index}", last_activity=activity)
        orders.append(order)
    urls = {}
    if page < pages:
        urls["next"] = httpserver.url_for(
            f"{DISCOGS_PATH}?sort=last_activity&sort_order=desc&per_page=3&page={page + 1}")
        urls["last"] = httpserver.url_for(
            f"{DISCOGS_PATH}?sort=last_activity&sort_order=desc&per_page=3&page={pages}")
    return orjson.dumps({
        "pagination": {"page": page, "pages": pages, "per_page": 3, "items": pages * 3,
                       "urls": urls},
        "orders": orders,
    })


def serve_discogs(httpserver: HTTPServer, pages: list[bytes], headers: dict | None = None):
    def handler(request: Request) -> Response:
        return Response(pages[int(request.args["page"]) - 1], content_type="application/json",
                        headers=headers or {})

    httpserver.expect_request(DISCOGS_PATH).respond_with_handler(handler)


def discogs_client(httpserver: HTTPServer, sleep: RecordingSleep, **kwargs) -> DiscogsOrdersClient:
    return DiscogsOrdersClient(httpserver.url_for(""), "discogs-pat", page_size=3, retry=FAST,
                               sleep=sleep, **kwargs)


def test_discogs_sends_token_user_agent_and_newest_activity_first(httpserver, sleep):
    body = (FIXTURES / "discogs_page.json").read_bytes()
    httpserver.expect_request(DISCOGS_PATH).respond_with_data(body, content_type="application/json")

    (page,) = discogs_client(httpserver, sleep, user_agent="acme-seller-tools/2.1").fetch_pages(
        FROM, TO)

    (request,) = requests_made(httpserver)
    assert request.headers["Authorization"] == "Discogs token=discogs-pat"
    assert request.headers["User-Agent"] == "acme-seller-tools/2.1"
    assert dict(request.args) == {"sort": "last_activity", "sort_order": "desc",
                                  "per_page": "3", "page": "1"}
    assert (page.body, page.records) == (body, 3)


def test_discogs_stops_paging_once_a_page_reaches_before_the_window(httpserver, sleep):
    pages = [
        discogs_page(httpserver, 1, 3, ["2026-02-14T20:00:00-08:00", "2026-02-14T15:00:00Z",
                                        "2026-02-14T09:00:00+01:00"]),
        # 2026-02-13T23:30:00-01:00 is 00:30 UTC on the 14th: still inside the window.
        discogs_page(httpserver, 2, 3, ["2026-02-14T04:00:00Z", "2026-02-13T23:30:00-01:00",
                                        "2026-02-13T23:59:00Z"]),
        discogs_page(httpserver, 3, 3, ["2026-02-12T10:00:00Z"] * 3),
    ]
    serve_discogs(httpserver, pages)

    fetched = list(discogs_client(httpserver, sleep).fetch_pages(FROM, TO))

    assert [p.body for p in fetched] == pages[:2]
    assert [request.args["page"] for request in requests_made(httpserver)] == ["1", "2"]


def test_discogs_reads_every_page_when_all_are_inside_the_window(httpserver, sleep):
    pages = [discogs_page(httpserver, n, 3, ["2026-02-14T12:00:00Z"] * 3) for n in (1, 2, 3)]
    serve_discogs(httpserver, pages)

    fetched = list(discogs_client(httpserver, sleep).fetch_pages(FROM, TO))

    assert [p.number for p in fetched] == [1, 2, 3]
    assert sleep.calls == []


def test_discogs_spent_rate_limit_pauses_before_the_next_request(httpserver, sleep):
    pages = [discogs_page(httpserver, n, 2, ["2026-02-14T12:00:00Z"] * 3) for n in (1, 2)]
    serve_discogs(httpserver, pages, headers={"X-Discogs-Ratelimit": "60",
                                              "X-Discogs-Ratelimit-Used": "60",
                                              "X-Discogs-Ratelimit-Remaining": "0"})

    fetched = list(discogs_client(httpserver, sleep).fetch_pages(FROM, TO))

    # One pause between the two requests; none after the last page.
    assert len(fetched) == 2
    assert sleep.calls == [1.0]


def test_discogs_pauses_below_a_configured_floor(httpserver, sleep):
    pages = [discogs_page(httpserver, n, 2, ["2026-02-14T12:00:00Z"] * 3) for n in (1, 2)]
    serve_discogs(httpserver, pages, headers={"X-Discogs-Ratelimit": "25",
                                              "X-Discogs-Ratelimit-Remaining": "4"})

    list(discogs_client(httpserver, sleep, ratelimit_floor=5).fetch_pages(FROM, TO))

    assert sleep.calls == [60 / 25]


def test_discogs_with_budget_left_does_not_pause(httpserver, sleep):
    pages = [discogs_page(httpserver, n, 2, ["2026-02-14T12:00:00Z"] * 3) for n in (1, 2)]
    serve_discogs(httpserver, pages, headers={"X-Discogs-Ratelimit": "60",
                                              "X-Discogs-Ratelimit-Remaining": "42"})

    list(discogs_client(httpserver, sleep).fetch_pages(FROM, TO))

    assert sleep.calls == []


def test_discogs_expired_token_fails_at_once_without_retry(httpserver, sleep):
    httpserver.expect_request(DISCOGS_PATH).respond_with_json(
        {"message": "You must authenticate to access this resource."}, status=401)

    with pytest.raises(AuthError, match="discogs: HTTP 401"):
        list(discogs_client(httpserver, sleep).fetch_pages(FROM, TO))

    assert len(httpserver.log) == 1


# --- files and landing ------------------------------------------------------------------


def test_file_client_yields_exported_pages_in_name_order(tmp_path, sleep):
    first = (FIXTURES / "ebay_page.json").read_bytes()
    second = b'{"href":"x","total":3,"limit":200,"offset":200,"orders":[]}'
    (tmp_path / "page-00002.json").write_bytes(second)
    (tmp_path / "page-00001.json").write_bytes(first)
    (tmp_path / "_manifest.jsonl").write_bytes(b"{}\n")
    (tmp_path / ".page-00003.json.abc.tmp").write_bytes(b"{")

    fetched = list(FileMarketplaceClient("ebay", tmp_path).fetch_pages(FROM, TO))

    assert [(p.number, p.body, p.records) for p in fetched] == [(1, first, 3), (2, second, 0)]
    assert fetched[0].url == (tmp_path / "page-00001.json").as_uri()


def test_file_client_reports_a_corrupt_page(tmp_path):
    (tmp_path / "page-00001.json").write_bytes(b'{"orders": [')

    with pytest.raises(TruncatedResponse, match="page-00001.json"):
        list(FileMarketplaceClient("discogs", tmp_path).fetch_pages(FROM, TO))


def test_fetch_to_landing_writes_each_page_byte_for_byte(httpserver, sleep, tmp_path):
    pages = ebay_pages(httpserver, [1, 1, 1])
    serve_ebay_by_offset(httpserver, pages, size=1)

    written = fetch_to_landing(ebay_client(httpserver, sleep, page_size=1), tmp_path,
                               date(2026, 2, 14), FROM, TO)

    folder = tmp_path / "ebay" / "2026-02-14"
    assert written == 3
    assert sorted(p.name for p in folder.iterdir()) == [
        "page-00001.json", "page-00002.json", "page-00003.json"]
    assert [(folder / f"page-0000{n}.json").read_bytes() for n in (1, 2, 3)] == pages
    assert [entry["records"] for entry in read_manifest(tmp_path, "ebay")] == [1, 1, 1]


def test_refetch_with_fewer_pages_leaves_no_stale_pages(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    landing = tmp_path / "landing"
    for n in (1, 2, 3):
        (export / f"page-0000{n}.json").write_bytes(b'{"orders": [{"id": "1-%d"}]}' % n)
    client = FileMarketplaceClient("discogs", export)
    fetch_to_landing(client, landing, date(2026, 2, 14), FROM, TO)

    (export / "page-00003.json").unlink()
    (export / "page-00002.json").unlink()
    written = fetch_to_landing(client, landing, date(2026, 2, 14), FROM, TO)

    assert written == 1
    assert [p.name for p in (landing / "discogs" / "2026-02-14").iterdir()] == ["page-00001.json"]
    assert len(read_manifest(landing, "discogs")) == 4
