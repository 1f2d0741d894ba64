"""The seller's own catalog: what they stock, what it cost, where it is listed.

Titles are drawn from a small built-in discography so that search, categories and reports look
like a real record shop's, not like uniform noise.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import datetime

from pipelines.demo.draw import Weighted

ARTISTS_AND_TITLES = [
    ("The Beatles", ["Abbey Road", "Revolver", "Rubber Soul", "Let It Be", "Help!"]),
    ("Miles Davis", ["Kind of Blue", "Bitches Brew", "Sketches of Spain", "Milestones"]),
    ("John Coltrane", ["A Love Supreme", "Blue Train", "Giant Steps", "Ballads"]),
    ("Pink Floyd", ["The Dark Side of the Moon", "Wish You Were Here", "Animals", "Meddle"]),
    ("Led Zeppelin", ["Led Zeppelin IV", "Houses of the Holy", "Physical Graffiti"]),
    ("David Bowie", ["Hunky Dory", "Low", "Heroes", "Station to Station", "Ziggy Stardust"]),
    ("Fleetwood Mac", ["Rumours", "Tusk", "Tango in the Night"]),
    ("Joni Mitchell", ["Blue", "Court and Spark", "Hejira"]),
    ("Kraftwerk", ["Trans-Europe Express", "Autobahn", "The Man-Machine", "Computer World"]),
    ("Nina Simone", ["Pastel Blues", "Wild Is the Wind", "I Put a Spell on You"]),
    ("Radiohead", ["OK Computer", "Kid A", "In Rainbows", "The Bends"]),
    ("Björk", ["Debut", "Homogenic", "Vespertine", "Post"]),
    ("Stevie Wonder", ["Songs in the Key of Life", "Innervisions", "Talking Book"]),
    ("Talking Heads", ["Remain in Light", "Fear of Music", "Speaking in Tongues"]),
    ("Yellow Magic Orchestra", ["Solid State Survivor", "BGM", "Technodelic"]),
    ("Serge Gainsbourg", ["Histoire de Melody Nelson", "Aux armes et caetera"]),
    ("Can", ["Tago Mago", "Ege Bamyasi", "Future Days"]),
    ("Prince", ["Purple Rain", "Sign o' the Times", "1999", "Dirty Mind"]),
    ("Aretha Franklin", ["Lady Soul", "I Never Loved a Man", "Young, Gifted and Black"]),
    ("Daft Punk", ["Discovery", "Homework", "Random Access Memories"]),
    ("Bill Evans Trio", ["Waltz for Debby", "Sunday at the Village Vanguard", "Portrait in Jazz"]),
    ("Sonic Youth", ["Daydream Nation", "Goo", "Sister", "EVOL"]),
    ("Massive Attack", ["Blue Lines", "Mezzanine", "Protection"]),
    ("The Velvet Underground", ["The Velvet Underground & Nico", "Loaded", "White Light/White Heat"]),
]

# (category, share of stock, price range in USD, cost as a share of price)
CATEGORIES = [
    ("Vinyl", 0.52, (12.0, 160.0), (0.15, 0.45)),
    ("CD", 0.22, (4.0, 35.0), (0.10, 0.40)),
    ("Cassette", 0.07, (5.0, 40.0), (0.10, 0.35)),
    ('7" Single', 0.08, (4.0, 60.0), (0.10, 0.40)),
    ("Box Set", 0.04, (45.0, 400.0), (0.30, 0.60)),
    ("Memorabilia", 0.04, (15.0, 250.0), (0.20, 0.55)),
    ("Books", 0.03, (8.0, 60.0), (0.15, 0.45)),
]

CONDITIONS = [("mint", "M", 0.05), ("near_mint", "NM", 0.22), ("vg_plus", "VG+", 0.35),
              ("vg", "VG", 0.22), ("good", "G", 0.11), ("fair", "F", 0.05)]

INVENTORY_COLUMNS = ["uid", "sku", "title", "category", "condition", "purchase_cost",
                     "purchase_currency", "status", "created_at", "updated_at", "primary_image_url"]
LISTING_COLUMNS = ["platform", "listing_id", "listing_url", "inventory_uid", "sku", "price",
                   "currency", "status", "listed_at", "ended_at"]


try:
    # CPython's own MD5: the same digest as hashlib's OpenSSL one, at half the cost per call on
    # short keys (the generator hashes a few keys per order).
    from _md5 import md5 as _md5
except ImportError:  # an interpreter built without it
    _md5 = hashlib.md5


def stable_hex(*parts: object, length: int = 12) -> str:
    """Deterministic id material from natural keys, so a re-run produces the same ids."""
    digest = _md5("|".join(map(str, parts)).encode()).hexdigest()
    return digest[:length]


# seq -> seq * prime mod 16**12 is a permutation of [0, 16**12): distinct SKUs, distinct uids.
_UID_SCRAMBLE = 2654435761
_UID_SPACE = 16 ** 12


@dataclass(slots=True)
class Item:
    uid: str
    sku: str
    title: str
    category: str
    condition: str
    price_usd: float
    cost_usd: float
    created_at: datetime
    image_url: str


_CATEGORY_PICK = Weighted(CATEGORIES, [c[1] for c in CATEGORIES])
_CONDITION_PICK = Weighted(CONDITIONS, [c[2] for c in CONDITIONS])


def draw_item(rng: random.Random, seq: int, created_at: datetime) -> Item:
    artist, titles = rng.choice(ARTISTS_AND_TITLES)
    album = rng.choice(titles)
    category, _, (lo, hi), (cost_lo, cost_hi) = _CATEGORY_PICK.pick(rng)
    condition, grade, _ = _CONDITION_PICK.pick(rng)
    # Prices are long-tailed: most records are cheap, a few are collectors' pieces.
    price = round(min(hi, lo + rng.paretovariate(2.2) * lo * 0.8 - lo * 0.8 + rng.random() * 4), 0) - 0.01
    price = max(lo - 0.01, price)
    cost = round(price * rng.uniform(cost_lo, cost_hi), 2)
    sku = f"PCS-{seq // 1000:04d}-{seq % 1000:03d}"
    # Unique by construction (a hash of the SKU would collide at ten million items), and like
    # every id here a function of the natural key: the SKU is the sequence number, spelled out.
    uid = f"inv_{(seq * _UID_SCRAMBLE) % _UID_SPACE:012x}"
    title = f"{artist} - {album} - {grade}" if category != "Memorabilia" else f"{artist} {album} tour poster"
    return Item(uid=uid, sku=sku, title=title, category=category, condition=condition,
                price_usd=price, cost_usd=cost, created_at=created_at,
                image_url=f"https://cdn.example-seller.test/img/{uid}.jpg")
