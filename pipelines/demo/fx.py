"""Reference FX rates in the layout of the ECB's historical CSV (eurofxref-hist.csv).

The layout is the one a user can download and drop in: newest day first, one row per TARGET
business day, rates per 1 EUR, a trailing comma, and ``N/A`` where a currency has no rate.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

# Currencies the demo world sells in, with a plausible starting rate per EUR.
START_RATES = {"USD": 1.08, "JPY": 161.0, "GBP": 0.85, "CAD": 1.47, "AUD": 1.64, "SEK": 11.4,
               "CHF": 0.96}
ECB_COLUMNS = ["USD", "JPY", "BGN", "CZK", "DKK", "GBP", "HUF", "PLN", "RON", "SEK", "CHF", "ISK",
               "NOK", "TRY", "AUD", "BRL", "CAD", "CNY", "HKD", "IDR", "ILS", "INR", "KRW", "MXN",
               "MYR", "NZD", "PHP", "SGD", "THB", "ZAR"]


def ecb_csv(rng: random.Random, start: date, end: date) -> str:
    """Random-walk rates for every weekday in [start, end], rendered newest first."""
    rates = dict(START_RATES)
    rows = []
    day = start
    while day <= end:
        if day.weekday() < 5:
            for code in rates:
                rates[code] *= 1 + rng.gauss(0, 0.004)
            cells = []
            for code in ECB_COLUMNS:
                if code in rates:
                    digits = 2 if code == "JPY" else 4
                    cells.append(f"{rates[code]:.{digits}f}")
                else:
                    cells.append("N/A")
            rows.append(f"{day.isoformat()}," + ",".join(cells) + ",")
        day += timedelta(days=1)
    header = "Date," + ",".join(ECB_COLUMNS) + ","
    return header + "\n" + "\n".join(reversed(rows)) + "\n"

