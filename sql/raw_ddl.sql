-- The raw layer: the sources' own records plus load metadata. Idempotent.
-- The order records (about 2 KB of JSON each, ~2 GB at 1M orders) are stored with ZSTD rather
-- than DuckDB's default choice for text (dictionary/FSST): at 1M orders the load's commits took
-- 2-3x less time and the tables half the space (1.17 GB -> 0.60 GB), for a full scan of the JSON
-- about a quarter slower (docs/benchmarks.md). A warehouse created before keeps its tables as
-- they were (DuckDB cannot change a column's compression in place).
create schema if not exists raw;

create table if not exists raw.ebay_orders (
    order_id varchar not null,
    last_modified_at timestamptz not null,
    record json not null using compression zstd,
    _source_file varchar not null,
    _page_number integer,
    _record_index integer not null,
    _partition_date date not null,
    _run_id varchar not null,
    _loaded_at timestamptz not null
);

create table if not exists raw.discogs_orders (
    order_id varchar not null,
    last_modified_at timestamptz not null,
    record json not null using compression zstd,
    shipping_address_parsed json using compression zstd,
    _source_file varchar not null,
    _page_number integer,
    _record_index integer not null,
    _partition_date date not null,
    _run_id varchar not null,
    _loaded_at timestamptz not null
);

create table if not exists raw.catalog_inventory_items (
    uid varchar, sku varchar, title varchar, category varchar, condition varchar,
    purchase_cost varchar, purchase_currency varchar, status varchar, created_at varchar,
    updated_at varchar, primary_image_url varchar,
    _source_file varchar not null,
    _record_index integer not null,
    _partition_date date not null,
    _run_id varchar not null,
    _loaded_at timestamptz not null
);

create table if not exists raw.catalog_listings (
    platform varchar, listing_id varchar, listing_url varchar, inventory_uid varchar, sku varchar,
    price varchar, currency varchar, status varchar, listed_at varchar, ended_at varchar,
    _source_file varchar not null,
    _record_index integer not null,
    _partition_date date not null,
    _run_id varchar not null,
    _loaded_at timestamptz not null
);

create table if not exists raw.fx_rates (
    rate_date date not null,
    currency varchar not null,
    rate_per_eur decimal(18, 6) not null,
    _source_file varchar not null,
    _partition_date date not null,
    _run_id varchar not null,
    _loaded_at timestamptz not null
);

create table if not exists raw.ops_shipment_updates (
    inventory_uid varchar not null,
    fields json not null,
    updated_at timestamptz not null,
    version integer,
    _run_id varchar not null,
    _loaded_at timestamptz not null
);

create table if not exists raw.quarantine (
    source varchar not null,
    partition_date date not null,
    source_file varchar not null,
    page_number integer,
    record_index integer,
    reason varchar not null,
    record varchar,
    run_id varchar not null,
    loaded_at timestamptz not null
);

create table if not exists raw.load_log (
    source varchar not null,
    partition_date date not null,
    run_id varchar not null,
    files integer not null,
    input_records bigint not null,
    loaded bigint not null,
    quarantined bigint not null,
    loaded_at timestamptz not null,
    -- What was loaded, for file-set sources (catalog, FX): the files' names, sizes and modification
    -- times and the loader's SQL, hashed. An export with the same fingerprint is not loaded again.
    fingerprint varchar
);

-- Warehouses created before the fingerprint column get it (null: load again).
alter table raw.load_log add column if not exists fingerprint varchar;
