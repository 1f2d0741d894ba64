"""Discogs free-text addresses: the parser on messy real-world shapes, and against the demo formatter.

The table is written the way buyers type (odd case, CRLF, phone lines, flats above the
street, country as code or local name); the round trip checks that every address the demo
generator can produce parses back to the fields it came from, so a change to either side
that breaks the other fails here rather than as wrong columns in the warehouse.
"""

from __future__ import annotations

import json
import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.demo.addresses import (
    COUNTRY_WEIGHTS,
    ebay_contact_address,
    fake_address,
    format_discogs_address,
)
from pipelines.ingest.addresses import ParsedAddress, parse_address, parsed_to_json

FIELDS = ("name", "street_number", "street_1", "street_2", "city", "state_province", "postal_code",
          "country", "phone_number", "email_address")

# (id, text, expected fields; a field left out is expected to be None)
CASES = [
    ("us-brief",
     "John Doe\n123 Main St\nApt 4B\nLos Angeles, CA 90001\nUnited States\nPhone: +1 555 123 4567",
     dict(name="John Doe", street_number="123", street_1="123 Main St", street_2="Apt 4B", city="Los Angeles",
          state_province="CA", postal_code="90001", country="US", phone_number="+1 555 123 4567")),
    ("us-caps-crlf-zip4",
     "  MICHAEL O'BRIEN  \r\n4521 N Halsted St Apt 3\r\nChicago IL 60640-1234\r\nUSA\r\n",
     dict(name="MICHAEL O'BRIEN", street_number="4521", street_1="4521 N Halsted St Apt 3", city="Chicago",
          state_province="IL", postal_code="60640-1234", country="US")),
    ("us-one-line",
     "John Doe, 350 Fifth Avenue, New York, NY 10118, USA",
     dict(name="John Doe", street_number="350", street_1="350 Fifth Avenue", city="New York",
          state_province="NY", postal_code="10118", country="US")),
    ("us-no-name-state-name",
     "1600 Pennsylvania Avenue NW\nWashington, D.C. 20500\nU.S.A.",
     dict(street_number="1600", street_1="1600 Pennsylvania Avenue NW", city="Washington",
          state_province="DC", postal_code="20500", country="US")),
    ("us-no-country-state-line",
     "Sarah Johnson\n742 Evergreen Terrace\nSpringfield\nOregon 97477\n(541) 555-0199",
     dict(name="Sarah Johnson", street_number="742", street_1="742 Evergreen Terrace", city="Springfield",
          state_province="OR", postal_code="97477", country="US", phone_number="(541) 555-0199")),
    ("ca-french",
     "Émilie Tremblay\n4521 rue Saint-Denis, app. 3\nMontréal (Québec)  H2J 2L1\nCanada",
     dict(name="Émilie Tremblay", street_number="4521", street_1="4521 rue Saint-Denis, app. 3",
          city="Montréal", state_province="QC", postal_code="H2J 2L1", country="CA")),
    ("ca-lowercase-no-country",
     "liam smith\n88 queen st w unit 1204\ntoronto on m5h2n2\n",
     dict(name="liam smith", street_number="88", street_1="88 queen st w unit 1204", city="toronto",
          state_province="ON", postal_code="M5H 2N2", country="CA")),
    ("gb-brief",
     "Jane Smith\nFlat 2\n10 Downing Street\nLondon\nSW1A 2AA\nUnited Kingdom",
     dict(name="Jane Smith", street_number="10", street_1="10 Downing Street", street_2="Flat 2",
          city="London", postal_code="SW1A 2AA", country="GB")),
    ("gb-county-suburb-phone",
     "Oliver Hughes\n27 Station Road\nDidsbury\nManchester\nGreater Manchester\nM20 2RW\nUnited Kingdom\n"
     "Tel: 07700 900123",
     dict(name="Oliver Hughes", street_number="27", street_1="27 Station Road", street_2="Didsbury",
          city="Manchester", state_province="Greater Manchester", postal_code="M20 2RW", country="GB",
          phone_number="07700 900123")),
    ("gb-house-name-lower-postcode",
     "Emily Walker\nRose Cottage\n3 Church Lane\nChipping Norton ox7 5nl\nEngland",
     dict(name="Emily Walker", street_number="3", street_1="3 Church Lane", street_2="Rose Cottage",
          city="Chipping Norton", postal_code="OX7 5NL", country="GB")),
    ("de-brief",
     "Max Mustermann\nHauptstraße 5\n10115 Berlin\nGermany",
     dict(name="Max Mustermann", street_number="5", street_1="Hauptstraße 5", city="Berlin",
          postal_code="10115", country="DE")),
    ("de-prefix-email",
     "Katharina Weber\nBergmannstr. 102a\nD-10961 Berlin\nDeutschland\nkatharina.weber@example.de",
     dict(name="Katharina Weber", street_number="102a", street_1="Bergmannstr. 102a", city="Berlin",
          postal_code="10961", country="DE", email_address="katharina.weber@example.de")),
    ("fr-bis-building-caps-city",
     "Camille Lefèvre\nBâtiment B, Appartement 12\n24 bis, avenue Jean Jaurès\n69007 LYON\nFRANCE",
     dict(name="Camille Lefèvre", street_number="24 bis", street_1="24 bis, avenue Jean Jaurès",
          street_2="Bâtiment B, Appartement 12", city="LYON", postal_code="69007", country="FR")),
    ("nl-no-space-phone",
     "Sanne de Vries\nPrinsengracht 263-1\n1016GV  Amsterdam\nNederland\n+31 6 12345678",
     dict(name="Sanne de Vries", street_number="263-1", street_1="Prinsengracht 263-1", city="Amsterdam",
          postal_code="1016 GV", country="NL", phone_number="+31 6 12345678")),
    ("it-province-scala",
     "Giulia Bianchi\nVia Giuseppe Verdi, 18\nScala B, Int. 5\n20121 Milano MI\nItalia",
     dict(name="Giulia Bianchi", street_number="18", street_1="Via Giuseppe Verdi, 18",
          street_2="Scala B, Int. 5", city="Milano", state_province="MI", postal_code="20121", country="IT")),
    ("es-floor-province-line",
     "Lucía García López\nCalle de Alcalá 45, 3º B\n28014 Madrid\nMadrid\nEspaña",
     dict(name="Lucía García López", street_number="45", street_1="Calle de Alcalá 45, 3º B", city="Madrid",
          state_province="Madrid", postal_code="28014", country="ES")),
    ("se-co-lgh",
     "Erik Lindqvist\nc/o Andersson\nHornsgatan 52 lgh 1203\n118 21 STOCKHOLM\nSweden",
     dict(name="Erik Lindqvist", street_number="52", street_1="Hornsgatan 52 lgh 1203",
          street_2="c/o Andersson", city="STOCKHOLM", postal_code="118 21", country="SE")),
    ("jp-brief",
     "Taro Yamada\n1-2-3 Shibuya\nShibuya-ku, Tokyo 150-0002\nJapan",
     dict(name="Taro Yamada", street_number="1-2-3", street_1="1-2-3 Shibuya", city="Shibuya-ku",
          state_province="Tokyo", postal_code="150-0002", country="JP")),
    ("jp-building-first-yubin",
     "Haruto Sato\nSunny Heights 302\n4-5-6 Jingumae\nShibuya-ku, Tokyo-to 〒150-0001\n日本",
     dict(name="Haruto Sato", street_number="4-5-6", street_1="4-5-6 Jingumae", street_2="Sunny Heights 302",
          city="Shibuya-ku", state_province="Tokyo", postal_code="150-0001", country="JP")),
    ("au-unit-slash",
     "Chloe Nguyen\n5/27 Smith Street\nFitzroy VIC 3065\nAustralia",
     dict(name="Chloe Nguyen", street_number="5/27", street_1="5/27 Smith Street", city="Fitzroy",
          state_province="VIC", postal_code="3065", country="AU")),
    ("au-no-country",
     "Jack Wilson\nUnit 4\n12 Beach Road\nBondi NSW 2026",
     dict(name="Jack Wilson", street_number="12", street_1="12 Beach Road", street_2="Unit 4", city="Bondi",
          state_province="NSW", postal_code="2026", country="AU")),
    ("at-stiege-top",
     "Stefan Huber\nMariahilfer Straße 88/2/14\nA-1070 Wien\nÖsterreich",
     dict(name="Stefan Huber", street_number="88/2/14", street_1="Mariahilfer Straße 88/2/14", city="Wien",
          postal_code="1070", country="AT")),
    ("ch-prefix",
     "Nicole Keller\nBahnhofstrasse 21\nCH-8001 Zürich\nSchweiz",
     dict(name="Nicole Keller", street_number="21", street_1="Bahnhofstrasse 21", city="Zürich",
          postal_code="8001", country="CH")),
    ("be-bus",
     "Wout Peeters\nMeir 50 bus 3\n2000 Antwerpen\nBelgium",
     dict(name="Wout Peeters", street_number="50", street_1="Meir 50 bus 3", city="Antwerpen",
          postal_code="2000", country="BE")),
    ("dk-floor",
     "Freja Sørensen\nJægersborggade 12, 2. tv.\n2200 København N\nDK",
     dict(name="Freja Sørensen", street_number="12", street_1="Jægersborggade 12, 2. tv.",
          city="København N", postal_code="2200", country="DK")),
    ("pl-flat",
     "Katarzyna Nowak\nul. Marszałkowska 84/92 m. 15\n00-514 Warszawa\nPolska",
     dict(name="Katarzyna Nowak", street_number="84/92", street_1="ul. Marszałkowska 84/92 m. 15",
          city="Warszawa", postal_code="00-514", country="PL")),
    ("ie-dublin-district",
     "Aoife Murphy\nApartment 4\n12 Camden Street Lower\nDublin 2\nD02 X285\nIreland",
     dict(name="Aoife Murphy", street_number="12", street_1="12 Camden Street Lower", street_2="Apartment 4",
          city="Dublin 2", postal_code="D02 X285", country="IE")),
    ("nz-suburb",
     "Aroha Ngata\n15 Ponsonby Road\nPonsonby\nAuckland 1011\nNew Zealand",
     dict(name="Aroha Ngata", street_number="15", street_1="15 Ponsonby Road", street_2="Ponsonby",
          city="Auckland", postal_code="1011", country="NZ")),
    ("br-bairro",
     "João Silva\nAvenida Paulista, 1578 - Apto 12\nBela Vista\nSão Paulo - SP\n01310-200\nBrasil",
     dict(name="João Silva", street_number="1578", street_1="Avenida Paulista, 1578 - Apto 12",
          street_2="Bela Vista", city="São Paulo", state_province="SP", postal_code="01310-200", country="BR")),
    ("gr-generic-five",
     "Nikos Papadopoulos\nErmou 25\n105 63 Athens\nGreece",
     dict(name="Nikos Papadopoulos", street_number="25", street_1="Ermou 25", city="Athens",
          postal_code="105 63", country="GR")),
    ("gh-no-postcode",
     "Kwame Mensah\n14 Oxford Street\nOsu, Accra\nGhana",
     dict(name="Kwame Mensah", street_number="14", street_1="14 Oxford Street", city="Osu",
          state_province="Accra", country="GH")),
    ("country-on-city-line",
     "Marie Dubois\n12 rue de la Paix\n75002 Paris, France\nmarie@example.fr",
     dict(name="Marie Dubois", street_number="12", street_1="12 rue de la Paix", city="Paris",
          postal_code="75002", country="FR", email_address="marie@example.fr")),
    ("no-country-generic-postcode",
     "Max Mustermann\nHauptstraße 5\n10115 Berlin",
     dict(name="Max Mustermann", street_number="5", street_1="Hauptstraße 5", city="Berlin",
          postal_code="10115")),
    ("sg-city-state",
     "Sam Lee\n1 Raffles Place\n#20-01\nSingapore 048616",
     dict(name="Sam Lee", street_number="1", street_1="1 Raffles Place", street_2="#20-01", city="Singapore",
          postal_code="048616", country="SG")),
    ("lu-city-is-country",
     "Tom Weber\n22 Rue du Lac\nL-1234 Luxembourg",
     dict(name="Tom Weber", street_number="22", street_1="22 Rue du Lac", city="Luxembourg", postal_code="1234",
          country="LU")),
    ("ru-dom-kv",
     "Ivan Petrov\nul. Tverskaya, d. 7, kv. 12\nMoscow\n125009\nRussia",
     dict(name="Ivan Petrov", street_number="7", street_1="ul. Tverskaya, d. 7, kv. 12", city="Moscow",
          postal_code="125009", country="RU")),
    ("in-flat-above-numberless-street",
     "Aditya Sharma\nFlat 12, Sunrise Apartments\nMG Road\nBengaluru, Karnataka 560001\nIndia",
     dict(name="Aditya Sharma", street_1="MG Road", street_2="Flat 12, Sunrise Apartments", city="Bengaluru",
          state_province="Karnataka", postal_code="560001", country="IN")),
    ("country-only", "Germany", dict(country="DE")),
    ("phone-only", "Phone: +49 30 1234567", dict(phone_number="+49 30 1234567")),
    ("empty", "", {}),
    ("blank-lines", " \r\n\t\n  ", {}),
]


@pytest.mark.parametrize("text, expected", [pytest.param(t, e, id=i) for i, t, e in CASES])
def test_parse_real_world_addresses(text: str, expected: dict) -> None:
    assert parse_address(text).as_dict() == {f: expected.get(f) for f in FIELDS}


def test_table_spans_twenty_countries() -> None:
    countries = {e.get("country") for _, _, e in CASES if e.get("street_1")}
    assert len([c for c in countries if c]) >= 20


def _fold(value: str | None) -> str | None:
    return None if value is None else value.casefold()


@pytest.mark.parametrize("seed", range(500))
def test_round_trip_through_the_demo_formatter(seed: int) -> None:
    rng = random.Random(seed)
    addr = fake_address(rng)
    text = format_discogs_address(addr, rng)
    parsed = parse_address(text)
    assert parsed.country == addr["country"], text
    assert parsed.postal_code == addr["postal_code"], text
    assert parsed.city == addr["city"], text
    assert parsed.name == addr["name"], text
    # The formatter may change the case of street lines (buyers do), never their content.
    assert _fold(parsed.street_number) == _fold(addr["street_number"]), text
    assert _fold(parsed.street_1) == _fold(addr["street_1"]), text
    assert _fold(parsed.street_2) == _fold(addr["street_2"]), text
    # Optional lines: when the formatter wrote them, they come back exactly.
    assert parsed.state_province in (None, addr["state_province"]), text
    assert parsed.phone_number in (None, addr["phone_number"]), text
    assert parsed.email_address in (None, addr["email_address"]), text


def test_round_trip_covers_every_country() -> None:
    seen = {fake_address(random.Random(seed))["country"] for seed in range(500)}
    assert seen == set(COUNTRY_WEIGHTS)


@pytest.mark.parametrize("country", sorted(COUNTRY_WEIGHTS))
def test_pinned_country_round_trips(country: str) -> None:
    rng = random.Random(f"pinned-{country}")
    for _ in range(25):
        addr = fake_address(rng, country)
        assert addr["country"] == country
        parsed = parse_address(format_discogs_address(addr, rng))
        assert (parsed.country, parsed.postal_code, parsed.city, parsed.name) == (
            addr["country"], addr["postal_code"], addr["city"], addr["name"])


def test_formatter_is_deterministic_per_seed() -> None:
    def draw(seed: int) -> list[tuple[dict, str]]:
        rng = random.Random(seed)
        return [(a, format_discogs_address(a, rng)) for a in (fake_address(rng) for _ in range(50))]

    assert draw(7) == draw(7)
    assert draw(7) != draw(8)


def test_formatter_varies_like_buyers_do() -> None:
    texts = []
    for seed in range(400):
        rng = random.Random(seed)
        texts.append(format_discogs_address(fake_address(rng), rng))
    assert any("\r\n" in t for t in texts)
    assert any(t.splitlines()[-1].strip() in ("USA", "DE", "UK", "Deutschland", "Nederland") for t in texts)
    assert any("Phone" in t or "Tel" in t for t in texts)
    assert any(any(line != line.rstrip() for line in t.splitlines()) for t in texts)


def test_fake_address_shape() -> None:
    rng = random.Random(3)
    for _ in range(200):
        addr = fake_address(rng)
        assert set(addr) == {"name", "email_address", "phone_number", "street_number", "street_1", "street_2",
                             "city", "state_province", "postal_code", "country"}
        assert len(addr["country"]) == 2 and addr["country"].isupper()
        assert addr["street_number"] in addr["street_1"]
        assert addr["email_address"].split("@")[1].split(".")[-1] in ("com", "net", "org", "example")


def test_ebay_contact_address_shape() -> None:
    addr = fake_address(random.Random(11), "US")
    addr["street_2"] = None
    ebay = ebay_contact_address(addr)
    assert ebay == {"addressLine1": addr["street_1"], "city": addr["city"],
                    "stateOrProvince": addr["state_province"], "postalCode": addr["postal_code"],
                    "countryCode": "US"}
    addr["street_2"] = "Apt 4B"
    assert ebay_contact_address(addr)["addressLine2"] == "Apt 4B"


def test_parsed_to_json_is_sorted_and_complete() -> None:
    text = parsed_to_json(parse_address("Max Mustermann\nHauptstraße 5\n10115 Berlin\nGermany"))
    data = json.loads(text)
    assert list(data) == sorted(FIELDS)
    assert data["city"] == "Berlin" and data["street_2"] is None
    assert parsed_to_json(parse_address("")) == parsed_to_json(ParsedAddress())
    assert json.loads(parsed_to_json({"b": 1, "a": "\ud800"})) == {"a": "\ud800", "b": 1}


def test_parse_accepts_none_and_lone_surrogates() -> None:
    assert parse_address(None) == ParsedAddress()
    parsed = parse_address("Jo\ud800hn Doe\n123 Main St\nAustin, TX 78701\nUSA")
    assert parsed.country == "US" and parsed.city == "Austin"
    json.loads(parsed_to_json(parsed))


_FRAGMENTS = st.sampled_from([
    "John Doe", "123 Main St", "Apt 4B", "Los Angeles, CA 90001", "United States", "Phone: +1 555 123 4567",
    "Hauptstraße 5", "10115 Berlin", "Germany", "SW1A 2AA", "London", "Flat 2", "150-0002", "〒", "CA", "NY",
    ",", ", ,", "(", ")", "-", "—", " - ", "c/o", "Co.", "shire", "New", "Mexico", "Dublin 2", "D02 X285",
    "1234", "12345-6789", "a@b.c", "@", "+", "+1", "12 bis", "bis", "Tokyo-to", "日本", "\u00a0", "\t", "\r",
    "\r\n", "\n", "\x00", "\ud800", "ß", "İ", "ﬁ", "Ⅻ", "٣", "0" * 40, "9" * 12, "A-", "CH-8001", "lgh 1203",
])


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_parse_never_raises_on_any_text(text: str) -> None:
    parsed = parse_address(text)
    assert isinstance(parsed, ParsedAddress)
    json.loads(parsed_to_json(parsed))


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=12)), max_size=12),
       st.lists(st.sampled_from(["\n", "\r\n", " ", ", ", ""]), min_size=1, max_size=12))
def test_parse_never_raises_on_address_shaped_text(parts: list[str], seps: list[str]) -> None:
    text = "".join(p + seps[i % len(seps)] for i, p in enumerate(parts))
    parsed = parse_address(text)
    json.loads(parsed_to_json(parsed))
    for field in FIELDS:
        value = getattr(parsed, field)
        assert value is None or (isinstance(value, str) and value == value.strip() and value)


def test_pathological_input_terminates() -> None:
    """A guard against catastrophic regex backtracking, not a speed measurement (speed lives in
    the benchmarks): these inputs take milliseconds; a backtracking pattern would take hours, so
    the bound is set far above any machine's noise."""
    texts = ["1 " * 20000, "a," * 20000, "\n" * 20000, ("9" * 5 + " ") * 5000, "x" * 100000 + "\nGermany",
             "Flat 2 " * 5000 + "\n10115 Berlin", "+" + "1 " * 10000]
    start = time.perf_counter()
    for text in texts:
        parse_address(text)
    assert time.perf_counter() - start < 120


def test_memoised_locality_split_is_per_country() -> None:
    """The locality split is cached per (line, country): "Toronto ON" is a town and its province
    in Canada, but in the US "ON" is no state, so the same line must not share one answer."""
    canada = "Ann Lee\n1 King St W\nToronto ON M5V 2T6\nCanada"
    first = parse_address(canada)
    us = parse_address("Ann Lee\n1 King St W\nToronto ON 12345\nUSA")
    assert (first.city, first.state_province, first.country) == ("Toronto", "ON", "CA")
    assert (us.city, us.state_province, us.country) == ("Toronto ON", None, "US")
    assert parse_address(canada) == first


def test_long_locality_line_parses_like_a_short_one() -> None:
    """Lines too long to be cached take the uncached path and give the same kind of answer."""
    town = "Very " * 40 + "Long Town"
    short = parse_address("Ann Lee\n1 King St W\nLong Town, CA 90001\nUSA")
    long = parse_address(f"Ann Lee\n1 King St W\n{town}, CA 90001\nUSA")
    assert (short.city, short.state_province, short.postal_code) == ("Long Town", "CA", "90001")
    assert (long.city, long.state_province, long.postal_code) == (town, "CA", "90001")


def test_phone_lines_end_in_any_decimal_digit() -> None:
    """Only lines ending in a digit are tried as phones; a non-ASCII digit counts, like ``\\d``."""
    base = "Lukas Schulz\nGoethestraße 14\n10115 Berlin\nGermany\n"
    assert parse_address(base + "Tel: +49 167 345885\u0662").phone_number == "+49 167 345885\u0662"
    assert parse_address(base + "Tel: +49 167 3458852 x12").phone_number == "+49 167 3458852 x12"
    assert parse_address(base + "Tel: +49 167 3458852 x").phone_number is None


def test_topmost_of_equally_sure_street_lines_is_street_1() -> None:
    parsed = parse_address("Ann Lee\n12 Oak Street\n34 Elm Street\nSpringfield, IL 62701\nUSA")
    assert (parsed.street_number, parsed.street_1, parsed.street_2) == ("12", "12 Oak Street", "34 Elm Street")
    flat_first = parse_address("Ann Lee\nFlat 2\n34 Elm Street\nSpringfield, IL 62701\nUSA")
    assert (flat_first.street_number, flat_first.street_1, flat_first.street_2) == ("34", "34 Elm Street", "Flat 2")
