"""Turn a Discogs buyer's free-text shipping address into structured fields.

Discogs hands us ``shipping_address`` as whatever the buyer typed: a name, street lines, a
locality line in their country's own order, usually a country, often a phone number, with
stray spaces and Windows line endings. eBay gives the same facts already split into fields,
so the warehouse needs Discogs orders split the same way to put both platforms in one
``marts.orders`` table.

:func:`parse_address` is a heuristic, not an address validator: it never raises, never goes
to the network, and returns ``None`` for every field it cannot find rather than guessing
wildly. It reads the address bottom-up, because the bottom is where the structure is: the
country is the last line, the postal code sits on the line above it, and its position within
that line (``10115 Berlin`` / ``Los Angeles, CA 90001``) tells city from state. Whatever is
left above the locality and below the name is street.

``street_1`` keeps the street line as typed, house number included, so it means the same as
eBay's ``addressLine1`` in the same column; ``street_number`` is the house number found in it.

It runs once per distinct address of each batch of Discogs orders inside the loader (a
vectorized DuckDB UDF), so every regular expression and lookup table is built once at import,
and the two line-level steps that see the same few inputs over and over (the locality split,
the national postal-code search) are memoised (:func:`_per_line`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from functools import lru_cache, wraps
from operator import attrgetter
from typing import TypeVar

import orjson

__all__ = ["ParsedAddress", "parse_address", "parsed_to_json"]


@dataclass(frozen=True, slots=True)
class ParsedAddress:
    """The fields found in one free-text address; ``None`` wherever nothing was found.

    ``country`` is an ISO 3166-1 alpha-2 code. ``postal_code`` is in the country's canonical
    spelling (``SW1A 2AA``, ``H2X 1Y4``, ``1012 AB``, ``150-0002``), whatever case and spacing
    the buyer used. ``state_province`` is the postal abbreviation for the US, Canada, Australia
    and Brazil (``California`` becomes ``CA``) and the romanised prefecture for Japan.
    """

    name: str | None = None
    street_number: str | None = None
    street_1: str | None = None
    street_2: str | None = None
    city: str | None = None
    state_province: str | None = None
    postal_code: str | None = None
    country: str | None = None
    phone_number: str | None = None
    email_address: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        # Not dataclasses.asdict: its deep copy costs more than the whole parse.
        return dict(zip(_FIELD_NAMES, _FIELD_VALUES(self)))


_FIELD_NAMES = tuple(f.name for f in fields(ParsedAddress))
_FIELD_VALUES = attrgetter(*_FIELD_NAMES)
_EMPTY = ParsedAddress()


_COMBINING = re.compile(r"[\u0300-\u036f]")
_KEY_DROP = re.compile(r"[.'\u2019`\u00b4]")
_NON_WORD = re.compile(r"[\W_]+")


def _key_uncached(text: str) -> str:
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))
    return " ".join(_NON_WORD.sub(" ", _KEY_DROP.sub("", text)).split())


# Buyers type the same few countries, states and cities over and over.
_key_cached = lru_cache(maxsize=16384)(_key_uncached)


def _key(text: str) -> str:
    """A spelling-insensitive lookup key: ``U.S.A.`` -> ``usa``, ``Österreich`` -> ``osterreich``."""
    return _key_cached(text) if len(text) <= 64 else _key_uncached(text)


_Result = TypeVar("_Result")
# Longer lines are parsed afresh: they are rare, and one multi-kilobyte address line repeated
# in a hostile page should not pin its text in a cache.
_MEMO_MAX_LEN = 128


def _per_line(maxsize: int) -> Callable[[Callable[[str, str | None], _Result]],
                                        Callable[[str, str | None], _Result]]:
    """Memoise a pure function of one line of text and a country.

    Worth it only where few distinct inputs come back very often. Over the 360k distinct
    addresses of a 1M-order world, the locality split (``Portland, OR``) sees under a thousand
    distinct inputs in 457k calls and the national postal-code search about ten thousand in
    350k. Caching the high-cardinality steps too (street lines, contact lines: 100k-280k
    distinct) was measured slower than recomputing them: the lookups into large caches miss
    the CPU cache and cost more than the short regular expressions they save. Only for
    functions whose result is immutable (str, None, tuples of those) and depends on nothing
    but the arguments. The wrapper takes exactly two arguments because a ``*args`` wrapper
    costs more than the cache hit it guards.
    """
    def wrap(fn: Callable[[str, str | None], _Result]) -> Callable[[str, str | None], _Result]:
        cached = lru_cache(maxsize=maxsize)(fn)

        @wraps(fn)
        def call(line: str, country: str | None) -> _Result:
            return cached(line, country) if len(line) <= _MEMO_MAX_LEN else fn(line, country)

        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return call
    return wrap


# --- countries ----------------------------------------------------------------------------

# English name first, then the spellings buyers use: local names, abbreviations, old names.
_COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("United States", "United States of America", "USA", "U.S.A.", "U. S. A.", "U.S.", "America",
           "Estados Unidos", "Vereinigte Staaten", "Etats-Unis", "Stati Uniti"),
    "GB": ("United Kingdom", "UK", "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales",
           "Northern Ireland", "United Kingdom of Great Britain and Northern Ireland", "Royaume-Uni",
           "Vereinigtes Königreich", "Grossbritannien", "Reino Unido", "Regno Unito", "Verenigd Koninkrijk"),
    "CA": ("Canada", "Kanada"),
    "DE": ("Germany", "Deutschland", "Allemagne", "Alemania", "Germania", "Duitsland", "Tyskland", "Niemcy",
           "Federal Republic of Germany", "Bundesrepublik Deutschland", "BRD"),
    "FR": ("France", "Frankreich", "Francia", "Frankrijk", "Frankrike", "Francja", "République française"),
    "NL": ("Netherlands", "The Netherlands", "Holland", "Nederland", "Niederlande", "Pays-Bas",
           "Países Bajos", "Paesi Bassi", "Nederländerna", "Holandia"),
    "IT": ("Italy", "Italia", "Italien", "Italie", "Italië", "Włochy"),
    "ES": ("Spain", "España", "Espanya", "Spanien", "Espagne", "Spagna", "Spanje", "Hiszpania"),
    "JP": ("Japan", "日本", "Nippon", "Nihon", "Japon", "Japón", "Giappone"),
    "AU": ("Australia", "Australien", "Australie"),
    "SE": ("Sweden", "Sverige", "Schweden", "Suède", "Suecia", "Svezia", "Zweden"),
    "AT": ("Austria", "Österreich", "Autriche", "Oostenrijk"),
    "CH": ("Switzerland", "Schweiz", "Suisse", "Svizzera", "Svizra", "Suiza", "Zwitserland"),
    "BE": ("Belgium", "Belgique", "België", "Belgien", "Bélgica", "Belgio"),
    "DK": ("Denmark", "Danmark", "Dänemark", "Danemark"),
    "NO": ("Norway", "Norge", "Noreg", "Norwegen", "Norvège"),
    "FI": ("Finland", "Suomi", "Finnland", "Finlande"),
    "PL": ("Poland", "Polska", "Polen", "Pologne"),
    "IE": ("Ireland", "Republic of Ireland", "Éire", "Irland", "Irlande"),
    "NZ": ("New Zealand", "Aotearoa", "Neuseeland"),
    "BR": ("Brazil", "Brasil", "Brasilien", "Brésil"),
    "PT": ("Portugal",),
    "MX": ("Mexico", "México", "Mexiko", "Mexique"),
    "AR": ("Argentina", "Argentinien"),
    "CL": ("Chile",),
    "CO": ("Colombia",),
    "GR": ("Greece", "Hellas", "Ελλάδα", "Griechenland", "Grèce"),
    "CZ": ("Czech Republic", "Czechia", "Česko", "Česká republika", "Tschechien"),
    "SK": ("Slovakia", "Slovensko", "Slowakei"),
    "HU": ("Hungary", "Magyarország", "Ungarn"),
    "RO": ("Romania", "România", "Rumänien"),
    "BG": ("Bulgaria", "Bulgarien"),
    "HR": ("Croatia", "Hrvatska", "Kroatien"),
    "SI": ("Slovenia", "Slovenija", "Slowenien"),
    "RS": ("Serbia", "Srbija"),
    "LT": ("Lithuania", "Lietuva", "Litauen"),
    "LV": ("Latvia", "Latvija", "Lettland"),
    "EE": ("Estonia", "Eesti", "Estland"),
    "IS": ("Iceland", "Ísland"),
    "LU": ("Luxembourg", "Luxemburg", "Lëtzebuerg"),
    "MT": ("Malta",),
    "CY": ("Cyprus",),
    "RU": ("Russia", "Russian Federation", "Россия"),
    "UA": ("Ukraine", "Україна"),
    "TR": ("Turkey", "Türkiye", "Türkei"),
    "IL": ("Israel",),
    "CN": ("China", "People's Republic of China", "PRC", "中国"),
    "HK": ("Hong Kong", "香港"),
    "TW": ("Taiwan", "台灣", "台湾"),
    "KR": ("South Korea", "Korea", "Republic of Korea", "대한민국", "한국"),
    "SG": ("Singapore",),
    "MY": ("Malaysia",),
    "TH": ("Thailand",),
    "ID": ("Indonesia",),
    "PH": ("Philippines",),
    "IN": ("India",),
    "ZA": ("South Africa",),
    "AE": ("United Arab Emirates", "UAE"),
    "PR": ("Puerto Rico",),
}
# Every other ISO 3166-1 country, by its English name and the commonest other spellings.
_OTHER_COUNTRIES = (
    "AD Andorra|AF Afghanistan|AG Antigua & Barbuda|AI Anguilla|AL Albania,Shqipëria|AM Armenia|AO Angola|"
    "AQ Antarctica|AS American Samoa|AW Aruba|AX Åland Islands,Åland|AZ Azerbaijan|"
    "BA Bosnia & Herzegovina,Bosnia|BB Barbados|BD Bangladesh|BF Burkina Faso|BH Bahrain|BI Burundi|"
    "BJ Benin|BL St. Barthélemy,Saint Barthélemy|BM Bermuda|BN Brunei|BO Bolivia|"
    "BQ Caribbean Netherlands,Bonaire|BS Bahamas,The Bahamas|BT Bhutan|BV Bouvet Island|BW Botswana|"
    "BY Belarus|BZ Belize|CC Cocos (Keeling) Islands,Cocos Islands|"
    "CD Congo - Kinshasa,DR Congo,Democratic Republic of the Congo|CF Central African Republic|"
    "CG Congo - Brazzaville,Congo,Republic of the Congo|CI Côte d’Ivoire,Cote d'Ivoire,Ivory Coast|"
    "CK Cook Islands|CM Cameroon|CR Costa Rica|CU Cuba|CV Cape Verde,Cabo Verde|CW Curaçao|"
    "CX Christmas Island|DJ Djibouti|DM Dominica|DO Dominican Republic,República Dominicana|DZ Algeria|"
    "EC Ecuador|EG Egypt|EH Western Sahara|ER Eritrea|ET Ethiopia|FJ Fiji|FK Falkland Islands|"
    "FM Micronesia|FO Faroe Islands,Føroyar|GA Gabon|GD Grenada|GE Georgia|GF French Guiana|GG Guernsey|"
    "GH Ghana|GI Gibraltar|GL Greenland,Kalaallit Nunaat|GM Gambia,The Gambia|GN Guinea|GP Guadeloupe|"
    "GQ Equatorial Guinea|GS South Georgia & South Sandwich Islands|GT Guatemala|GU Guam|"
    "GW Guinea-Bissau|GY Guyana|HM Heard Island & McDonald Islands|HN Honduras|HT Haiti|IM Isle of Man|"
    "IO British Indian Ocean Territory|IQ Iraq|IR Iran|JE Jersey|JM Jamaica|JO Jordan|KE Kenya|"
    "KG Kyrgyzstan|KH Cambodia|KI Kiribati|KM Comoros|KN St. Kitts & Nevis,Saint Kitts and Nevis|"
    "KP North Korea|KW Kuwait|KY Cayman Islands|KZ Kazakhstan|LA Laos|LB Lebanon|"
    "LC St. Lucia,Saint Lucia|LI Liechtenstein|LK Sri Lanka|LR Liberia|LS Lesotho|LY Libya|MA Morocco,Maroc|"
    "MC Monaco|MD Moldova|ME Montenegro,Crna Gora|MF St. Martin,Saint Martin|MG Madagascar|"
    "MH Marshall Islands|MK North Macedonia,Macedonia|ML Mali|MM Myanmar,Burma|MN Mongolia|"
    "MO Macao,Macau|MP Northern Mariana Islands|MQ Martinique|MR Mauritania|MS Montserrat|MU Mauritius|"
    "MV Maldives|MW Malawi|MZ Mozambique|NA Namibia|NC New Caledonia,Nouvelle-Calédonie|NE Niger|"
    "NF Norfolk Island|NG Nigeria|NI Nicaragua|NP Nepal|NR Nauru|NU Niue|OM Oman|PA Panama,Panamá|PE Peru,Perú|"
    "PF French Polynesia,Polynésie française|PG Papua New Guinea|PK Pakistan|"
    "PM St. Pierre & Miquelon,Saint Pierre and Miquelon|PN Pitcairn Islands|"
    "PS Palestinian Territories,Palestine|PW Palau|PY Paraguay|QA Qatar|RE Réunion,La Réunion|RW Rwanda|"
    "SA Saudi Arabia|SB Solomon Islands|SC Seychelles|SD Sudan|SH St. Helena,Saint Helena|"
    "SJ Svalbard & Jan Mayen|SL Sierra Leone|SM San Marino|SN Senegal,Sénégal|SO Somalia|SR Suriname|"
    "SS South Sudan|ST São Tomé & Príncipe|SV El Salvador|SX Sint Maarten|SY Syria|SZ Eswatini,Swaziland|"
    "TC Turks & Caicos Islands|TD Chad|TF French Southern Territories|TG Togo|TJ Tajikistan|TK Tokelau|"
    "TL Timor-Leste,East Timor|TM Turkmenistan|TN Tunisia,Tunisie|TO Tonga|TT Trinidad & Tobago|TV Tuvalu|"
    "TZ Tanzania|UG Uganda|UM U.S. Outlying Islands|UY Uruguay|UZ Uzbekistan|VA Vatican City,Holy See|"
    "VC St. Vincent & Grenadines,Saint Vincent and the Grenadines|VE Venezuela|"
    "VG British Virgin Islands|VI U.S. Virgin Islands,US Virgin Islands|VN Vietnam,Viet Nam|VU Vanuatu|"
    "WF Wallis & Futuna|WS Samoa|YE Yemen|YT Mayotte|ZM Zambia|ZW Zimbabwe"
)
for _entry in _OTHER_COUNTRIES.split("|"):
    _code, _, _names = _entry.partition(" ")
    _COUNTRY_NAMES[_code] = tuple(_names.split(","))

# ISO alpha-3, which some buyers (and some shop software) write instead.
_ALPHA3 = (
    "USA:US GBR:GB CAN:CA DEU:DE FRA:FR NLD:NL ITA:IT ESP:ES JPN:JP AUS:AU SWE:SE AUT:AT CHE:CH BEL:BE "
    "DNK:DK NOR:NO FIN:FI POL:PL IRL:IE NZL:NZ BRA:BR PRT:PT MEX:MX ARG:AR CHL:CL COL:CO GRC:GR CZE:CZ "
    "SVK:SK HUN:HU ROU:RO BGR:BG HRV:HR SVN:SI SRB:RS LTU:LT LVA:LV EST:EE ISL:IS LUX:LU MLT:MT CYP:CY "
    "RUS:RU UKR:UA TUR:TR ISR:IL CHN:CN HKG:HK TWN:TW KOR:KR SGP:SG MYS:MY THA:TH IDN:ID PHL:PH IND:IN "
    "ZAF:ZA ARE:AE PRI:PR"
)

_COUNTRY_BY_KEY: dict[str, str] = {}
for _pair in _ALPHA3.split():
    _alpha3, _, _code = _pair.partition(":")
    _COUNTRY_BY_KEY[_alpha3.casefold()] = _code
for _code, _names in _COUNTRY_NAMES.items():
    _COUNTRY_BY_KEY[_code.casefold()] = _code
    for _name in _names:
        for _spelling in (_name, _name.replace("&", "and"), _name.replace("St. ", "Saint ")):
            _COUNTRY_BY_KEY[_key_uncached(_spelling)] = _code
_COUNTRY_BY_KEY["uk"] = "GB"


def _country_suffix_keys() -> dict[str, str]:
    """Countries believed when glued to the end of the locality line ("75001 Paris, France").

    Only spelled-out names: a trailing "CA" is California far more often than Canada. And
    not the ones that are also US states, since "Atlanta, Georgia" is not in the Caucasus.
    """
    us_states = set(_STATES["US"])
    return {k: c for k, c in _COUNTRY_BY_KEY.items()
            if (len(k) >= 4 or k in ("usa", "uk")) and k not in us_states}


def _country_of(line: str) -> str | None:
    return _COUNTRY_BY_KEY.get(_key(line))


def _split_country_suffix(line: str) -> tuple[str | None, str]:
    """The country spelled out at the end of ``line`` and what remains of the line.

    When nothing but a postal code would remain the line is kept whole: in ``L-1234
    Luxembourg`` the country's name is also the city.
    """
    if "," in line:
        head, _, tail = line.rpartition(",")
        code = _COUNTRY_SUFFIX_KEYS.get(_key(tail))
        if code is not None:
            return code, head.strip(" ,")
    words = line.split()
    for k in (4, 3, 2, 1):
        if len(words) <= k:
            continue
        code = _COUNTRY_SUFFIX_KEYS.get(_key(" ".join(words[-k:])))
        # "Santa Fe New Mexico", "Newark New Jersey": a US state, not the country.
        if code is None or words[-k - 1].casefold() == "new":
            continue
        head = " ".join(words[:-k])
        return code, (head if _HAS_LETTER.search(_GENERIC_POSTAL.sub("", head)) else line)
    return None, line


# --- postal codes -------------------------------------------------------------------------

_B = r"(?<![0-9A-Za-z])"
_E = r"(?![0-9A-Za-z])"
# "D-10115", "CH-8001", "SE-114 55": the old European country prefix.
_PREFIX = r"(?:[A-Z]{1,3}\s?-\s?)?"


_NON_DIGIT = re.compile(r"[^0-9]")
_LEADING_LETTERS = re.compile(r"^[A-Z]{1,3}\s?-")


def _digits(text: str) -> str:
    return _NON_DIGIT.sub("", text)


def _strip_prefix(text: str) -> str:
    return text.rsplit("-", 1)[-1].strip() if _LEADING_LETTERS.match(text) else text


def _digits_with(at: int, sep: str) -> Callable[[str], str]:
    """Canonical digit codes: ``1500002`` / ``〒150-0002`` -> ``150-0002`` (at=3, sep="-")."""
    def canon(text: str) -> str:
        d = _digits(text)
        return f"{d[:at]}{sep}{d[at:]}"
    return canon


def _letters_spaced(at: int) -> Callable[[str], str]:
    """Canonical alphanumeric codes: ``sw1a2aa`` -> ``SW1A 2AA`` (at=-3)."""
    def canon(text: str) -> str:
        t = "".join(text.split()).upper()
        return f"{t[:at]} {t[at:]}"
    return canon


def _canon_us(text: str) -> str:
    d = _digits(text)
    return d if len(d) == 5 else f"{d[:5]}-{d[5:]}"


def _canon_ar(text: str) -> str:
    return "".join(text.split()).upper()


_GB_POSTCODE = r"(?:GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})"
_CA_POSTCODE = r"[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] ?[0-9][ABCEGHJ-NPRSTV-Z][0-9]"
_NL_POSTCODE = r"[1-9][0-9]{3} ?[A-Z]{2}"
_IE_EIRCODE = r"(?:[AC-FHKNPRTV-Y][0-9]{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}"

_canon_nl = _letters_spaced(4)

_POSTAL_RULES: tuple[tuple[tuple[str, ...], str, int, Callable[[str], str]], ...] = (
    (("US", "PR"), r"[0-9]{5}(?:-[0-9]{4})?", 0, _canon_us),
    (("CA",), _CA_POSTCODE, re.I, _letters_spaced(3)),
    (("GB",), _GB_POSTCODE, re.I, _letters_spaced(-3)),
    (("NL",), _NL_POSTCODE, re.I, _canon_nl),
    (("IE",), _IE_EIRCODE, re.I, _letters_spaced(3)),
    (("JP",), r"〒?\s?[0-9]{3}-?[0-9]{4}", 0, _digits_with(3, "-")),
    (("SE", "CZ", "SK", "GR"), _PREFIX + r"[0-9]{3} ?[0-9]{2}", 0, _digits_with(3, " ")),
    (("PL",), r"[0-9]{2}-[0-9]{3}", 0, _digits_with(2, "-")),
    (("PT",), r"[0-9]{4}-[0-9]{3}", 0, _digits_with(4, "-")),
    (("BR",), r"[0-9]{5}-?[0-9]{3}", 0, _digits_with(5, "-")),
    (("IN",), r"[1-9][0-9]{2} ?[0-9]{3}", 0, _digits),
    (("AR",), r"[A-Z][0-9]{4}[A-Z]{3}|[0-9]{4}", re.I, _canon_ar),
    (("DE", "FR", "IT", "ES", "FI", "EE", "HR", "LT", "MX", "MY", "TH", "UA", "KR", "TR", "MA", "ID"),
     _PREFIX + r"[0-9]{5}", 0, _digits),
    (("AU", "AT", "BE", "CH", "DK", "NO", "NZ", "HU", "ZA", "LU", "CY", "BG", "SI", "LV", "PH"),
     _PREFIX + r"[0-9]{4}", 0, _digits),
    (("RU", "CN", "SG", "RO", "TW", "RS"), r"[0-9]{6}", 0, _digits),
    (("IS",), r"[0-9]{3}", 0, _digits),
)

_POSTAL: dict[str, tuple[re.Pattern[str], Callable[[str], str]]] = {}
for _countries, _pattern, _flags, _canon in _POSTAL_RULES:
    _compiled = re.compile(_B + "(?:" + _pattern + ")" + _E, _flags)
    for _code in _countries:
        _POSTAL[_code] = (_compiled, _canon)

# Without a country line, a postal code names the country only when no other country writes
# one like it; the bare 4- and 5-digit codes of most of Europe could be anyone's.
_INFERABLE = ("CA", "GB", "IE", "JP", "BR", "PT", "PL")
_DASHED = frozenset({"JP", "BR", "PT", "PL"})
_NL_STRICT = re.compile(_B + "(?:" + _NL_POSTCODE + ")" + _E)
_US_ZIP_END = re.compile(_B + r"[0-9]{5}(?:-[0-9]{4})?$")
_AU_POSTCODE_END = re.compile(_B + r"[0-9]{4}$")
_GENERIC_POSTAL = re.compile(
    _B + _PREFIX + r"(?:[0-9]{3} [0-9]{2}|[0-9]{2,5}-[0-9]{3,4}|[0-9]{4,6})" + _E
)


def _last_match(pattern: re.Pattern[str], line: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(line):
        pass
    return found


@dataclass(slots=True)
class _Postal:
    """Where ``_find_postal`` found a code: the line, the span on it, the code and its country.

    Not frozen: a frozen dataclass pays an ``object.__setattr__`` per field in ``__init__``, once
    per address, and nothing ever changes one of these after it is made.
    """

    index: int
    start: int
    end: int
    code: str
    country: str | None


def _find_postal(body: list[str], country: str | None) -> _Postal | None:
    """The bottom-most postal code in ``body``, and the country it implies if none was given.

    The first body line is skipped when there are others: it is the street, and house numbers
    like ``1234 Pacific Hwy`` look like postal codes.
    """
    low = 1 if len(body) >= 2 else 0
    rows = range(len(body) - 1, low - 1, -1)
    if country in _POSTAL:
        for i in rows:
            hit = _national_postal(body[i], country)
            if hit is not None:
                return _Postal(i, hit[0], hit[1], hit[2], country)
        return None
    if country is None:
        for i in rows:
            found = _infer_postal(i, body[i], body[i - 1] if i else "")
            if found is not None:
                return found
    for i in rows:
        line = body[i]
        m = _GENERIC_POSTAL.search(line)
        if m is None:
            continue
        # Only at either end of a line: in the middle it is more likely part of a street.
        if m.start() == 0 or m.end() == len(line) or line[: m.start()].rstrip().endswith(","):
            return _Postal(i, m.start(), m.end(), " ".join(_strip_prefix(m.group()).split()), country)
    return None


@_per_line(maxsize=8192)
def _national_postal(line: str, country: str | None) -> tuple[int, int, str] | None:
    """``(start, end, canonical code)`` of the last of ``country``'s postal codes on ``line``."""
    pattern, canon = _POSTAL[country]
    m = _last_match(pattern, line)
    return None if m is None else (m.start(), m.end(), canon(_strip_prefix(m.group())))


def _infer_postal(i: int, line: str, above: str) -> _Postal | None:
    """A postal code on ``line`` only one country writes; ``above`` may hold its state."""
    for code in _INFERABLE:
        pattern, canon = _POSTAL[code]
        m = _last_match(pattern, line)
        # Bare digit runs are anyone's; the dash (or Japan's 〒) is what makes them national.
        if m is not None and (code not in _DASHED or "-" in m.group() or "〒" in m.group()):
            return _Postal(i, m.start(), m.end(), canon(m.group()), code)
    m = _NL_STRICT.search(line)
    if m is not None:
        return _Postal(i, m.start(), m.end(), _canon_nl(m.group()), "NL")
    for code, pattern, canon in (("US", _US_ZIP_END, _canon_us), ("AU", _AU_POSTCODE_END, _digits)):
        m = pattern.search(line)
        if m is None:
            continue
        city, state = _split_city_state(line[: m.start()], code)
        # "Utah 84102" under "Salt Lake City"; a bare ZIP under "Salt Lake City, UT".
        state = state or city
        if state is None:
            _, state = _split_city_state(above, code)
        if state is not None and _lookup_state(code, state) is not None:
            return _Postal(i, m.start(), m.end(), canon(m.group()), code)
    return None


# --- states, provinces, prefectures, counties ---------------------------------------------

_US_STATES = (
    "AL Alabama|AK Alaska|AZ Arizona|AR Arkansas|CA California|CO Colorado|CT Connecticut|"
    "DE Delaware|DC District of Columbia,Washington DC,Washington D.C.|FL Florida|GA Georgia|HI Hawaii|"
    "ID Idaho|IL Illinois|IN Indiana|IA Iowa|KS Kansas|KY Kentucky|LA Louisiana|ME Maine|"
    "MD Maryland|MA Massachusetts|MI Michigan|MN Minnesota|MS Mississippi|MO Missouri|"
    "MT Montana|NE Nebraska|NV Nevada|NH New Hampshire|NJ New Jersey|NM New Mexico|NY New York|"
    "NC North Carolina|ND North Dakota|OH Ohio|OK Oklahoma|OR Oregon|PA Pennsylvania|"
    "RI Rhode Island|SC South Carolina|SD South Dakota|TN Tennessee|TX Texas|UT Utah|VT Vermont|"
    "VA Virginia|WA Washington|WV West Virginia|WI Wisconsin|WY Wyoming|PR Puerto Rico|GU Guam|"
    "VI Virgin Islands|AS American Samoa|MP Northern Mariana Islands|AA Armed Forces Americas|"
    "AE Armed Forces Europe|AP Armed Forces Pacific"
)
_CA_PROVINCES = (
    "AB Alberta|BC British Columbia|MB Manitoba|NB New Brunswick|"
    "NL Newfoundland and Labrador,Newfoundland|NS Nova Scotia|NT Northwest Territories|"
    "NU Nunavut|ON Ontario|PE Prince Edward Island|QC Quebec,Québec,PQ|SK Saskatchewan|YT Yukon"
)
_AU_STATES = (
    "NSW New South Wales|VIC Victoria|QLD Queensland|WA Western Australia|SA South Australia|"
    "TAS Tasmania|ACT Australian Capital Territory|NT Northern Territory"
)
_BR_STATES = (
    "AC Acre|AL Alagoas|AP Amapá|AM Amazonas|BA Bahia|CE Ceará|DF Distrito Federal|"
    "ES Espírito Santo|GO Goiás|MA Maranhão|MT Mato Grosso|MS Mato Grosso do Sul|"
    "MG Minas Gerais|PA Pará|PB Paraíba|PR Paraná|PE Pernambuco|PI Piauí|RJ Rio de Janeiro|"
    "RN Rio Grande do Norte|RS Rio Grande do Sul|RO Rondônia|RR Roraima|SC Santa Catarina|"
    "SP São Paulo|SE Sergipe|TO Tocantins"
)
_JP_PREFECTURES = (
    "Hokkaido Aomori Iwate Miyagi Akita Yamagata Fukushima Ibaraki Tochigi Gunma Saitama Chiba "
    "Tokyo Kanagawa Niigata Toyama Ishikawa Fukui Yamanashi Nagano Gifu Shizuoka Aichi Mie Shiga "
    "Kyoto Osaka Hyogo Nara Wakayama Tottori Shimane Okayama Hiroshima Yamaguchi Tokushima Kagawa "
    "Ehime Kochi Fukuoka Saga Nagasaki Kumamoto Oita Miyazaki Kagoshima Okinawa"
)
_ES_PROVINCES = (
    "A Coruña,La Coruña|Álava,Araba|Albacete|Alicante,Alacant|Almería|Asturias|Ávila|Badajoz|"
    "Barcelona|Bizkaia,Vizcaya|Burgos|Cáceres|Cádiz|Cantabria|Castellón,Castelló|Ciudad Real|"
    "Córdoba|Cuenca|Gipuzkoa,Guipúzcoa|Girona,Gerona|Granada|Guadalajara|Huelva|Huesca|"
    "Illes Balears,Islas Baleares,Baleares|Jaén|La Rioja|Las Palmas|León|Lleida,Lérida|Lugo|"
    "Madrid|Málaga|Murcia|Navarra,Nafarroa|Ourense,Orense|Palencia|Pontevedra|Salamanca|"
    "Santa Cruz de Tenerife|Segovia|Sevilla|Soria|Tarragona|Teruel|Toledo|Valencia,València|"
    "Valladolid|Zamora|Zaragoza|Ceuta|Melilla"
)
_GB_COUNTIES = (
    "Bedfordshire|Berkshire|Buckinghamshire|Cambridgeshire|Cheshire|Cornwall|Cumbria|Derbyshire|"
    "Devon|Dorset|County Durham,Co. Durham|East Sussex|Essex|Gloucestershire|Greater London|"
    "Greater Manchester|Hampshire|Herefordshire|Hertfordshire|Isle of Wight|Kent|Lancashire|"
    "Leicestershire|Lincolnshire|Merseyside|Middlesex|Norfolk|North Yorkshire|Northamptonshire|"
    "Northumberland|Nottinghamshire|Oxfordshire|Rutland|Shropshire|Somerset|South Yorkshire|"
    "Staffordshire|Suffolk|Surrey|Tyne and Wear,Tyne & Wear|Warwickshire|West Midlands|West Sussex|"
    "West Yorkshire|Wiltshire|Worcestershire|East Riding of Yorkshire|Midlothian|Lothian|Fife|"
    "Lanarkshire|Aberdeenshire|Highland|South Glamorgan|Mid Glamorgan|West Glamorgan|Gwent|"
    "Gwynedd|Powys|Dyfed|Clwyd|County Antrim,Co. Antrim|County Down,Co. Down|"
    "County Armagh,Co. Armagh|County Tyrone,Co. Tyrone|County Londonderry,Co. Londonderry|"
    "County Fermanagh,Co. Fermanagh"
)


def _coded_table(spec: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for entry in spec.split("|"):
        code, _, names = entry.partition(" ")
        table[_key_uncached(code)] = code
        for name in names.split(","):
            table[_key_uncached(name)] = code
    return table


def _named_table(spec: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for entry in spec.split("|"):
        names = entry.split(",")
        for name in names:
            table[_key_uncached(name)] = names[0]
    return table


def _prefecture_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for pref in _JP_PREFECTURES.split():
        suffix = {"Tokyo": "to", "Kyoto": "fu", "Osaka": "fu", "Hokkaido": ""}.get(pref, "ken")
        for spelling in (pref, f"{pref}-{suffix}", f"{pref}{suffix}", f"{pref} {suffix}"):
            table[_key_uncached(spelling)] = pref
    return table


_STATES: dict[str, dict[str, str]] = {
    "US": _coded_table(_US_STATES),
    "PR": _coded_table(_US_STATES),
    "CA": _coded_table(_CA_PROVINCES),
    "AU": _coded_table(_AU_STATES),
    "BR": _coded_table(_BR_STATES),
    "JP": _prefecture_table(),
    "ES": _named_table(_ES_PROVINCES),
    "GB": _named_table(_GB_COUNTIES),
}
_COUNTRY_SUFFIX_KEYS = _country_suffix_keys()
# The postal abbreviations, which count as a state even with no city beside them.
_STATE_CODES: dict[str, frozenset[str]] = {
    c: frozenset(v for v in t.values() if v.isupper()) for c, t in _STATES.items()
}
# Countries where a trailing word of the city line may be the state ("Sydney NSW 2000").
_TRAILING_STATE = frozenset({"US", "PR", "CA", "AU", "BR", "JP", "IT"})
# Countries whose addresses may carry an unlisted region on a line below the postal code.
_STATE_LINE_COUNTRIES = _TRAILING_STATE | {"ES", "MX", "IN", "CN"}
# Where a state's name alone beside the postal code means the town is on the line above.
_LONE_STATE_COUNTRIES = frozenset({"US", "PR", "CA", "AU", "BR", "JP"})
_COUNTY = re.compile(r"^(?:co\.?|county)\s+\S", re.I)
_TWO_LETTERS = re.compile(r"^[A-Za-z]{2}$")


def _lookup_state(country: str | None, text: str, *, trailing: bool = False) -> str | None:
    """The canonical state/province/county for ``text`` in ``country``, or None.

    ``trailing`` is for a word peeled off the end of a city ("Portland ME"): there a postal
    abbreviation must be upper case, because a lower-case "in", "me" or "or" ending a town's
    name is a word, not Indiana, Maine or Oregon.
    """
    if country is None:
        return None
    text = text.strip(" ,.()")
    if not text:
        return None
    table = _STATES.get(country)
    if table is not None:
        value = table.get(_key(text))
        if value is not None:
            # An all-lowercase code is believed only in an all-lowercase locality ("toronto on").
            if trailing and value in _STATE_CODES[country] and len(text) <= 3 and not text.isupper():
                return None
            return value
    if country == "IT" and _TWO_LETTERS.match(text) and (text.isupper() or not trailing):
        return text.upper()
    if country in ("GB", "IE") and not trailing:
        if _COUNTY.match(text) or (country == "GB" and _key(text).endswith("shire")):
            return text
    return None


def _is_state_code(country: str | None, text: str) -> bool:
    codes = _STATE_CODES.get(country or "")
    if codes is not None and _key(text).upper() in codes and len(text.strip(" .")) <= 4:
        return True
    return country == "IT" and bool(_TWO_LETTERS.match(text)) and text.isupper()


_STATE_SEP = re.compile(r"\s*,\s*|\s+[-\u2013]\s+")


@_per_line(maxsize=4096)
def _split_city_state(text: str, country: str | None) -> tuple[str | None, str | None]:
    """Split a locality with its postal code removed into ``(city, state)``.

    ``Los Angeles, CA``, ``Sydney NSW``, ``Roma (RM)``, ``São Paulo - SP``, ``Shibuya-ku,
    Tokyo``. A lone postal abbreviation (``CA``) is a state with no city; a lone name
    (``New York``, ``Madrid``) is a city.
    """
    text = text.replace("〒", " ").strip(" ,;-\u2013/")
    if not text:
        return None, None
    if text.endswith(")"):
        i = text.rfind("(")
        head = text[:i].strip(" ,") if i > 0 else ""
        inner = text[i + 1 : -1].strip()
        if head and inner:
            return head, _lookup_state(country, inner) or inner
    parts = [p for p in _STATE_SEP.split(text) if p]
    if len(parts) >= 2:
        last = _lookup_state(country, parts[-1])
        if last is None:
            first = _lookup_state(country, parts[0])
            if first is not None:
                return ", ".join(parts[1:]), first
            return ", ".join(parts[:-1]), parts[-1]
        return ", ".join(parts[:-1]), last
    if _is_state_code(country, text):
        return None, _lookup_state(country, text)
    if country in _TRAILING_STATE:
        words = text.split()
        strict = not text.islower()
        for k in (3, 2, 1):
            if len(words) > k:
                state = _lookup_state(country, " ".join(words[-k:]), trailing=strict)
                if state is not None:
                    return " ".join(words[:-k]), state
    return text, None


# --- streets ------------------------------------------------------------------------------

_HAS_LETTER = re.compile(r"[^\W\d_]")
_HAS_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d{1,6}[A-Za-z]?(?:\s?[-/]\s?(?:\d{1,6}[A-Za-z]?|[A-Za-z]{1,2}))*")
_FRENCH_REPEAT = frozenset({"bis", "ter", "quater"})
# Words that put a number on a flat, floor, box or building, never on a street.
_UNIT_WORDS = frozenset(
    "flat apt apartment unit suite ste room rm floor fl level lvl box pobox postfach postbus bus "
    "boite boîte lgh piso puerta int interno scala appartement app appt batiment bâtiment bat bât "
    "etage étage stock og eg whg wohnung top stiege building bldg block blk mansion heights haitsu "
    "residence apto apartamento casa sala loja lok lokal mieszkanie kv dept pmb ph # no nr n° nº".split()
)
# "Nr. 5", "nº 5", Russian "d. 7" (dom, house): a label before the house number.
_NUMBER_WORDS = frozenset({"nr", "no", "n°", "nº", "#", "d", "dom"})
# Polish "m. 5" (flat 5); only after a number's street part, never before ("1250 M Street").
_UNIT_WORDS_BEFORE_NUMBER = _UNIT_WORDS | {"m"}
_UNIT_LINE = re.compile(
    r"^(?:c/o|attn|flat|apt|apartment|unit|suite|ste|room|floor|level|p\.?\s?o\.?\s?box|postfach|"
    r"postbus|bus|boîte|boite|lgh|piso|bajo|apto|appartement|app|bâtiment|batiment|top|stiege|building|"
    r"bldg|block)\b",
    re.I,
)
_STREET_WORD = re.compile(
    r"(?:\b(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|close|crescent|terrace)\.?"
    r"|stra(?:ss|ß)e|str\.|gasse|weg|allee|platz|gatan|v[äa]gen|gade|gata|straat|gracht|laan)$"
    r"|^(?:rue|via|viale|corso|calle|avenida|rua|ul\.|al\.)\s",
    re.I,
)
_TRAILING_UNIT_WORDS = frozenset(
    "lgh apt apto apartment unit flat suite ste app appt bus boîte boite top m lok whg int interno piso "
    "puerta kv #".split()
)
_DUBLIN_DISTRICT = re.compile(r"^dublin\s+\d{1,2}w?$", re.I)
_NUMBER_LAST_COUNTRIES = frozenset(
    "DE AT CH NL BE DK NO SE FI IS PL CZ SK HU SI HR RS IT ES PT BR AR MX CL CO GR TR RO BG LT LV EE".split()
)


def _number_first(line: str) -> tuple[str, str] | None:
    """``123 Main St`` -> ``123``; ``12 bis, rue de la Paix`` -> ``12 bis``."""
    parts = line.split(None, 1)
    if len(parts) < 2:
        return None
    token, rest = parts[0].rstrip(","), parts[1]
    words = rest.split(None, 1)
    if len(words) == 2 and words[0].rstrip(",").casefold() in _FRENCH_REPEAT:
        token, rest = f"{token} {words[0].rstrip(',')}", words[1]
    number = token.split(" ", 1)[0]
    if not _NUMBER.fullmatch(number):
        return None
    rest = rest.lstrip(" ,")
    if not _HAS_LETTER.search(rest) or rest.split(None, 1)[0].casefold().rstrip(".") in _UNIT_WORDS:
        return None
    return token, rest


def _number_last(line: str) -> tuple[str, str] | None:
    """``Hauptstraße 5`` -> ``5``; ``Via Roma, 12`` -> ``12``; ``Flat 2`` -> nothing."""
    parts = line.rsplit(None, 1)
    if len(parts) < 2 or not _NUMBER.fullmatch(parts[1]):
        return None
    rest = parts[0].rstrip(" ,")
    words = rest.rsplit(None, 1)
    if words and words[-1].casefold().rstrip(".:") in _NUMBER_WORDS:
        rest = words[0].rstrip(" ,") if len(words) == 2 else ""
    if not rest or not _HAS_LETTER.search(rest):
        return None
    if rest.rsplit(None, 1)[-1].casefold().rstrip(".:") in _UNIT_WORDS_BEFORE_NUMBER or _UNIT_LINE.match(rest):
        return None
    return parts[1], rest


def _without_trailing_unit(line: str) -> str | None:
    """``Hornsgatan 52 lgh 1203`` -> ``Hornsgatan 52``; ``Main St #4`` -> ``Main St``; else None."""
    words = line.rsplit(None, 2)
    if len(words) == 3 and words[1].casefold().strip(",.") in _TRAILING_UNIT_WORDS and len(words[2]) <= 8:
        return words[0].rstrip(" ,-") or None
    if len(words) >= 2 and words[-1].startswith("#") and len(words[-1]) <= 8:
        return line[: line.rfind("#")].rstrip(" ,-") or None
    return None


def _house_number(line: str, country: str | None) -> tuple[str | None, int]:
    """The house number in a street line, and how sure: 2 in the country's usual place, 1 not.

    ``Maison Verte 201`` above ``1-2-3 Jingumae`` has a number too, but in Japan the number
    comes first, so the second line is the street.
    """
    if _UNIT_LINE.match(line):
        # Below a line with no number at all ("Flat 12, Sunrise Apartments" / "MG Road").
        return None, -1
    ranked = _NUMBER_LAST_RANKED if country in _NUMBER_LAST_COUNTRIES else _NUMBER_FIRST_RANKED
    for candidate in _street_candidates(line):
        for rank, split in ranked:
            found = split(candidate)
            if found is not None:
                return found[0], rank
    return None, 0


# The two ways to read a house number, surest first (built once, not per street line).
_NUMBER_LAST_RANKED = ((2, _number_last), (1, _number_first))
_NUMBER_FIRST_RANKED = ((2, _number_first), (1, _number_last))


def _street_candidates(line: str) -> Iterator[str]:
    """The line, then the line without a flat after the house number, only if still needed.

    "Hornsgatan 52 lgh 1203", "Calle de Alcalá 45, 3º B", "Meir 50 bus 3".
    """
    yield line
    trimmed = _without_trailing_unit(line)
    if trimmed:
        yield trimmed
    if "," in line:
        yield line.split(",", 1)[0]


def _is_streetlike(line: str) -> bool:
    """Whether a line is street, flat or box rather than a town ("Dublin 2" is a town)."""
    if _DUBLIN_DISTRICT.match(line):
        return False
    return bool(_HAS_DIGIT.search(line) or _UNIT_LINE.match(line) or _STREET_WORD.search(line))


# --- phone and e-mail ---------------------------------------------------------------------

_PHONE_LABELLED = re.compile(
    r"^(?:phone|phone\s?number|tel|tél|tele?fon|telephone|téléphone|tel[eé]fono|telefone|mobile?|"
    r"mob|cell|cellphone|handy|tlf|ph|p|t|m)\s*(?:no\.?|nr\.?|number|#)?\s*[:.\-]?\s*"
    r"(?P<v>\+?[\d(][\d\s().\-/]*\d(?:\s*(?:ext\.?|x)\s*\d+)?)$",
    re.I,
)
_PHONE_BARE = re.compile(r"^\+?[\d(][\d\s().\-/]*\d$")
_CONTACT_LABEL_ONLY = re.compile(r"^(?:phone|tel|telephone|mobile|e-?mail)\s*[:.]?$", re.I)
_EMAIL = re.compile(
    r"^(?:(?:e-?mail|mail|courriel)\s*[:.]?\s*)?(?P<v>[^\s@:]+@[^\s@]+\.[^\s@]+)$", re.I
)


def _phone_value(line: str) -> str | None:
    m = _PHONE_LABELLED.match(line)
    if m is not None:
        value = m.group("v")
        return value if len(_digits(value)) >= 6 else None
    if _PHONE_BARE.match(line):
        n = len(_digits(line))
        # A bare 7-8 digit run may be a postal code (JP "1500002", US ZIP+4 "90001-1234").
        if (line.startswith("+") and n >= 7) or n >= 10:
            return line
    return None


def _take_contacts(lines: list[str]) -> tuple[str | None, str | None, list[str]]:
    phone = email = None
    kept = []
    for line in lines:
        if "@" in line and len(line) <= 320:
            m = _EMAIL.match(line)
            if m is not None:
                email = email or m.group("v")
                continue
        if _HAS_DIGIT.search(line):
            # Both phone patterns end in a digit (``\d`` is str.isdecimal, and a cleaned line has
            # no newline for ``$`` to skip), which most street and town lines do not.
            value = _phone_value(line) if line[-1].isdecimal() else None
            if value is not None:
                phone = phone or value
                continue
        elif _CONTACT_LABEL_ONLY.match(line):
            continue
        kept.append(line)
    return phone, email, kept


# --- the parser ---------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates (from a JSON "\ud800" escape) cannot be stored; keep the rest.
        text = text.encode("utf-8", "replace").decode("utf-8")
    out = []
    for raw in text.splitlines():
        line = " ".join(raw.split()).strip(",;| ")
        if line:
            out.append(line)
    return out


def _take_country(lines: list[str]) -> tuple[str | None, list[str]]:
    if not lines:
        return None, lines
    country = _country_of(lines[-1])
    if country is not None:
        lines = lines[:-1]
        # "Deutschland" under "Germany", or a country written twice.
        while lines and _country_of(lines[-1]) == country:
            lines = lines[:-1]
        return country, lines
    # "Singapore 048616", "Monaco 98000": a city-state's name, which is also the city.
    m = _NAME_AND_CODE.match(lines[-1]) if len(lines[-1]) <= 64 else None
    if m is not None:
        country = _COUNTRY_SUFFIX_KEYS.get(_key(m.group("name") or m.group("name2")))
        if country in _CITY_STATES:
            return country, lines
    country, last = _split_country_suffix(lines[-1])
    if country is None:
        return None, lines
    return country, (lines[:-1] + [last] if last else lines[:-1])


_CITY_STATES = frozenset({"SG", "MC", "LU", "VA", "SM", "GI", "HK", "MO"})
_NAME_AND_CODE = re.compile(r"^(?P<name>[^\d,]+?)[\s,]+\d[\d -]{2,9}$|^\d[\d -]{2,9}[\s,]+(?P<name2>[^\d,]+)$")


def _take_name(lines: list[str]) -> tuple[str | None, list[str]]:
    """The first line is the buyer's name unless it already looks like part of the address."""
    if not lines:
        return None, lines
    first = lines[0]
    if _HAS_DIGIT.search(first) or _UNIT_LINE.match(first):
        return None, lines
    return first, lines[1:]


def _city_from_lines(before: list[str], country: str | None) -> tuple[str | None, str | None, int]:
    """City and state on the lines above a bare postal code; how many lines they took."""
    if not before or _is_streetlike(before[-1]):
        return None, None, 0
    last = before[-1]
    # "Manchester / Greater Manchester / M1 1AE": a county line between town and postcode.
    if len(before) >= 2 and not _is_streetlike(before[-2]):
        region = _lookup_state(country, last)
        if region is not None:
            city, state = _split_city_state(before[-2], country)
            if city is not None:
                return city, region, 2
    city, state = _split_city_state(last, country)
    return city, state, 1


def _streets(lines: list[str], country: str | None) -> tuple[str | None, str | None, str | None]:
    """``(street_number, street_1, street_2)``: street_1 is the line with the house number.

    Buyers put "Flat 2", "c/o Müller" or "Bâtiment B" above the street as often as below it;
    the line holding the house number is the street whichever way round they wrote it.
    """
    if not lines:
        return None, None, None
    found = [_house_number(line, country) for line in lines]
    # The surest house number wins; between equally sure ones, the topmost line.
    main = 0
    for i in range(1, len(found)):
        if found[i][1] > found[main][1]:
            main = i
    others = [line for i, line in enumerate(lines) if i != main]
    return found[main][0], lines[main], ", ".join(others) or None


def parse_address(text: str | None) -> ParsedAddress:
    """Parse one free-text shipping address; never raises, ``None`` for what is not found.

    Accepts ``None`` and non-strings too (an order without an address), returning an empty
    :class:`ParsedAddress`, because the loader calls it on every row it is handed.
    """
    if not isinstance(text, str) or not text:
        return _EMPTY
    lines = _lines(text)
    if not lines:
        return _EMPTY
    phone, email, lines = _take_contacts(lines)
    # "John Doe, 123 Main St, Springfield, IL 62701, USA": a whole address on one line.
    if len(lines) <= 2 and any(line.count(",") >= 2 for line in lines):
        lines = [part.strip() for line in lines for part in line.split(",") if part.strip()]
    country, lines = _take_country(lines)
    name, body = _take_name(lines)

    city = state = postal = None
    street_lines = body
    found = _find_postal(body, country)
    if found is not None:
        postal = found.code
        if country is None:
            country = found.country
        line = body[found.index]
        before, after = body[: found.index], body[found.index + 1 :]
        head, tail = line[: found.start].rstrip(), line[found.end :].lstrip()
        # "Hauptstraße 5, 10115 Berlin" / "London, SW1A 2AA": what precedes a postal code
        # that opens a comma-separated segment is a line of its own.
        if head.endswith(",") and head.strip(" ,"):
            before = before + [head.strip(" ,")]
            head = ""
        city, state = _split_city_state(f"{head} {tail}", country)
        # "Los Angeles / California 90026": a state's full name beside the code, the town above.
        if (state is None and city is not None and country in _LONE_STATE_COUNTRIES
                and before and not _is_streetlike(before[-1])):
            whole = _lookup_state(country, city)
            if whole is not None:
                city, state = None, whole
        if city is None:
            above_city, above_state, used = _city_from_lines(before, country)
            if used:
                city, state = above_city, state or above_state
                before = before[:-used]
        for extra in after:
            region = _lookup_state(country, extra)
            if region is not None and state is None:
                state = region
            elif city is None and not _is_streetlike(extra):
                city, found_state = _split_city_state(extra, country)
                state = state or found_state
            elif state is None and country in _STATE_LINE_COUNTRIES:
                state = extra
        street_lines = before
    elif body:
        city, state, used = _city_from_lines(body, country)
        if used:
            street_lines = body[:-used]

    number, street_1, street_2 = _streets(street_lines, country)
    return ParsedAddress(
        name=name,
        street_number=number,
        street_1=street_1,
        street_2=street_2,
        city=city or None,
        state_province=state or None,
        postal_code=postal or None,
        country=country,
        phone_number=phone,
        email_address=email,
    )


def parsed_to_json(parsed: ParsedAddress | Mapping[str, object] | None) -> str:
    """The parse as a JSON object with sorted keys, for the loader's JSON column.

    Sorted keys make the same address always serialise to the same bytes, so reloads do not
    show up as changes.
    """
    if parsed is None:
        parsed = _EMPTY
    data = parsed.as_dict() if isinstance(parsed, ParsedAddress) else dict(parsed)
    try:
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS).decode()
    except (TypeError, orjson.JSONEncodeError):
        # Only a hand-built mapping with odd values gets here; escape rather than fail a load.
        return json.dumps(data, sort_keys=True, ensure_ascii=True, default=str)
