"""The shipment carrier codes the API accepts, with the labels a UI shows for them.

One list serves both ``GET /api/v1/inventory/choices/shipment-carriers/`` and the validation
of ``carrier`` / ``shipment_carrier`` on writes, so the two can never disagree.
"""

from __future__ import annotations

CARRIERS: tuple[tuple[str, str], ...] = (
    ("usps", "USPS"),
    ("ups", "UPS"),
    ("fedex", "FedEx"),
    ("dhl", "DHL"),
    ("dhl_express", "DHL Express"),
    ("royal_mail", "Royal Mail"),
    ("evri", "Evri"),
    ("dpd", "DPD"),
    ("gls", "GLS"),
    ("deutsche_post", "Deutsche Post"),
    ("hermes", "Hermes"),
    ("canada_post", "Canada Post"),
    ("australia_post", "Australia Post"),
    ("japan_post", "Japan Post"),
    ("la_poste", "La Poste"),
    ("colissimo", "Colissimo"),
    ("postnl", "PostNL"),
    ("bpost", "bpost"),
    ("poste_italiane", "Poste Italiane"),
    ("correos", "Correos"),
    ("an_post", "An Post"),
    ("other", "Other"),
)

CARRIER_CODES: frozenset[str] = frozenset(code for code, _ in CARRIERS)


def normalize_carrier(value: str) -> str:
    """The carrier code for ``value`` (case and surrounding space ignored); ValueError naming the choices."""
    code = value.strip().lower()
    if code not in CARRIER_CODES:
        choices = ", ".join(code for code, _ in CARRIERS)
        raise ValueError(f'"{value}" is not a valid carrier; choose one of: {choices}')
    return code
