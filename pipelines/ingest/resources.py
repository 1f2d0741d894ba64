"""Marketplace API access as Dagster resources: credentials come from the environment (EnvVar)."""

from typing import Optional

import dagster as dg

from pipelines.ingest.connectors import DiscogsOrdersClient, EbayOrdersClient, MarketplaceClient


class MarketplaceApis(dg.ConfigurableResource):
    """Base URLs are configurable so tests (and sandboxes) point the connectors elsewhere."""

    ebay_base_url: str = "https://api.ebay.com"
    ebay_token: Optional[str] = None
    discogs_base_url: str = "https://api.discogs.com"
    discogs_token: Optional[str] = None

    def client(self, source: str) -> MarketplaceClient:
        if source == "ebay":
            if not self.ebay_token:
                raise dg.Failure("no eBay OAuth token: set EBAY_OAUTH_TOKEN to fetch eBay orders")
            return EbayOrdersClient(self.ebay_base_url, self.ebay_token)
        if source == "discogs":
            if not self.discogs_token:
                raise dg.Failure("no Discogs token: set DISCOGS_TOKEN to fetch Discogs orders")
            return DiscogsOrdersClient(self.discogs_base_url, self.discogs_token)
        raise ValueError(f"unknown marketplace {source!r}")


def marketplace_apis() -> MarketplaceApis:
    """The resource as the fetch job uses it; EnvVar is read when that job runs, not at import."""
    return MarketplaceApis(ebay_token=dg.EnvVar("EBAY_OAUTH_TOKEN"), discogs_token=dg.EnvVar("DISCOGS_TOKEN"))
