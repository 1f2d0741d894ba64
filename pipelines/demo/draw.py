"""Random draws for the demo world: the standard library's results, at a fraction of the cost.

``random.Random.randint`` goes through ``randrange``'s argument checks and ``_randbelow`` for
every draw, and ``choices`` rebuilds its cumulative weights on every call; the generator makes
about fifty draws per order, so those layers were most of its time. :class:`DemoRandom`
returns exactly what ``random.Random`` returns for the same seed and the same calls (same
``getrandbits``/``random`` consumption, same arithmetic), so a seed still gives the same world,
byte for byte. :func:`fast_random` checks that on the running interpreter once and falls back to
the standard class if a future Python ever draws differently.
"""

from __future__ import annotations

import random
from bisect import bisect as _bisect
from functools import cache
from itertools import accumulate
from math import log as _log
from typing import Generic, Sequence, TypeVar

_T = TypeVar("_T")


class DemoRandom(random.Random):
    """``random.Random`` with the generator's hot methods inlined; same results, same state."""

    def randint(self, a: int, b: int) -> int:
        n = b - a + 1
        getrandbits = self.getrandbits
        k = n.bit_length()
        r = getrandbits(k)
        while r >= n:
            r = getrandbits(k)
        return a + r

    def choice(self, seq):
        n = len(seq)
        if not n:
            raise IndexError("Cannot choose from an empty sequence")
        getrandbits = self.getrandbits
        k = n.bit_length()
        r = getrandbits(k)
        while r >= n:
            r = getrandbits(k)
        return seq[r]

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.random()

    def expovariate(self, lambd: float = 1.0) -> float:
        return -_log(1.0 - self.random()) / lambd

    def paretovariate(self, alpha: float) -> float:
        u = 1.0 - self.random()
        return u ** (-1.0 / alpha)


_DIGITS = "0123456789"


def digit_string(rng: random.Random, template: str) -> str:
    """``template`` with each ``#`` a digit (``randint(0, 9)``) and each ``@`` one of 2-9 (``randint(2, 9)``).

    Phone numbers are ten of the generator's fifty draws per order; for a :class:`DemoRandom`
    the draws are inlined (the same ``getrandbits`` calls ``randint`` makes).
    """
    if type(rng) is not DemoRandom:
        randint = rng.randint
        return "".join([_DIGITS[randint(0, 9)] if ch == "#" else _DIGITS[randint(2, 9)] if ch == "@" else ch
                        for ch in template])
    getrandbits = rng.getrandbits
    out = []
    for ch in template:
        if ch == "#":
            r = getrandbits(4)  # randint(0, 9): n = 10, 4 bits, draws of 10-15 rejected
            while r >= 10:
                r = getrandbits(4)
            out.append(_DIGITS[r])
        elif ch == "@":
            r = getrandbits(4)  # randint(2, 9): n = 8, and 8 .bit_length() is 4
            while r >= 8:
                r = getrandbits(4)
            out.append(_DIGITS[2 + r])
        else:
            out.append(ch)
    return "".join(out)


class Weighted(Generic[_T]):
    """A fixed weighted population: ``pick(rng)`` equals ``rng.choices(values, weights, k=1)[0]``."""

    __slots__ = ("values", "cum", "total", "hi")

    def __init__(self, values: Sequence[_T], weights: Sequence[float]):
        if len(values) != len(weights) or not values:
            raise ValueError("values and weights must be non-empty and of the same length")
        self.values = tuple(values)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1] + 0.0
        self.hi = len(values) - 1

    def pick(self, rng: random.Random) -> _T:
        return self.values[_bisect(self.cum, rng.random() * self.total, 0, self.hi)]


def _draws(rng: random.Random, fast: bool) -> list:
    out = []
    weights = [90, 8, 1.5, 0.5]
    w = Weighted(["a", "b", "c", "d"], weights)
    for i in range(300):
        out.append(rng.randint(0, 9))
        out.append(rng.randint(10000, 99999))
        out.append(rng.randint(1, 1 + i * 7919))
        out.append(rng.randint(180000000000, 180000000000 + 99999999999))
        out.append(rng.choice("abc"))
        out.append(rng.choice(range(1, 2 + i)))
        out.append(rng.uniform(0.05, 0.6))
        out.append(rng.expovariate(1 / 55))
        out.append(rng.paretovariate(2.2))
        out.append(w.pick(rng) if fast else rng.choices(w.values, weights=weights, k=1)[0])
        out.append(digit_string(rng, "+1 (@##) ###-####") if fast else
                   "".join(str(rng.randint(0, 9)) if c == "#" else str(rng.randint(2, 9)) if c == "@" else c
                           for c in "+1 (@##) ###-####"))
        out.append(rng.random())
    return out


@cache
def _matches_standard_library() -> bool:
    return _draws(DemoRandom(20240601), fast=True) == _draws(random.Random(20240601), fast=False)


def fast_random(seed: int) -> random.Random:
    """A generator seeded with ``seed`` that draws exactly like ``random.Random(seed)``."""
    return DemoRandom(seed) if _matches_standard_library() else random.Random(seed)
