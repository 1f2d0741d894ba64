{#- Incremental marts rebuild a window of days, given as vars min_date / max_date (inclusive,
    'YYYY-MM-DD', on the mart's own date column in the seller's time zone). Unset means the whole
    history. A first build or --full-refresh always builds the whole history. -#}

{#- The window as a predicate on a date column (true when no window is set). -#}
{% macro in_window(date_column) -%}
    {%- set conditions = [] -%}
    {%- if var('min_date', '') -%}{% do conditions.append(date_column ~ " >= cast('" ~ var('min_date') ~ "' as date)") %}{%- endif -%}
    {%- if var('max_date', '') -%}{% do conditions.append(date_column ~ " <= cast('" ~ var('max_date') ~ "' as date)") %}{%- endif -%}
    {%- if conditions -%}({{ conditions | join(' and ') }}){%- else -%}(1 = 1){%- endif -%}
{%- endmacro %}

{#- The filter an incremental model puts on its rows: the window on incremental runs, nothing on
    full builds. -#}
{% macro incremental_window(date_column) -%}
    {%- if is_incremental() -%}{{ in_window(date_column) }}{%- else -%}(1 = 1){%- endif -%}
{%- endmacro %}

{#- pre_hook of an incremental model: empty the window first. delete+insert on the unique key
    alone would keep a key that no longer exists (a day whose only order was cancelled since), so
    the whole window is replaced. Runs inside the model's transaction. -#}
{% macro delete_window(date_column) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ in_window(date_column) }}
    {%- endif -%}
{%- endmacro %}

{#- Staging reads raw JSON once, into tables. An incremental run re-parses only the orders its load
    touched: those with a raw row in the window of raw _partition_date the run loaded (inclusive,
    'YYYY-MM-DD'; Dagster passes the run's partitions widened by the ingest's lookback). Every
    version of a touched order is read again, wherever it landed, so the latest version wins as in
    a full build, even when a newer version of an old order arrives late. No window (or a first
    build, --full-refresh): every order.

    Where the window comes from: the vars min_partition / max_partition when given (a hand-made
    `dbt build --vars ...`), else the environment variable PIPELINES_DBT_PARTITIONS
    ('first..last'), which the pipeline sets for its dbt step (pipelines/transform/assets.py). The
    environment is read only when executing, never while parsing: dbt re-parses the whole project
    whenever its vars differ from the saved parse, so a window passed as vars (new every run) cost
    every run a full parse; read at execution it leaves the parse `prepare` saved valid. -#}

{#- The window, as [first, last] ('' for an open end). -#}
{% macro partition_window() -%}
    {%- set first = var('min_partition', '') -%}
    {%- set last = var('max_partition', '') -%}
    {%- if not first and not last and execute -%}
        {%- set window = env_var('PIPELINES_DBT_PARTITIONS', '') -%}
        {%- if window -%}
            {%- if window.count('..') != 1 -%}
                {{ exceptions.raise_compiler_error("PIPELINES_DBT_PARTITIONS must be 'YYYY-MM-DD..YYYY-MM-DD', not '" ~ window ~ "'") }}
            {%- endif -%}
            {%- set first, last = window.split('..') -%}
        {%- endif -%}
    {%- endif -%}
    {{ return([first | trim, last | trim]) }}
{%- endmacro %}

{#- The window as a predicate on raw _partition_date (true when no window is set). -#}
{% macro in_partition_window(column='_partition_date') -%}
    {%- set first, last = partition_window() -%}
    {%- set conditions = [] -%}
    {%- if first -%}{% do conditions.append(column ~ " >= cast('" ~ first ~ "' as date)") %}{%- endif -%}
    {%- if last -%}{% do conditions.append(column ~ " <= cast('" ~ last ~ "' as date)") %}{%- endif -%}
    {%- if conditions -%}({{ conditions | join(' and ') }}){%- else -%}(1 = 1){%- endif -%}
{%- endmacro %}

{#- Whether this run is windowed on raw partitions at all. -#}
{% macro has_partition_window() -%}
    {%- set first, last = partition_window() -%}
    {{ return(first != '' or last != '') }}
{%- endmacro %}

{#- The filter a staging model puts on raw order rows: every version of the touched orders on
    incremental runs, everything on full builds. -#}
{% macro touched_orders(raw_relation, key='order_id') -%}
    {%- if is_incremental() and has_partition_window() -%}
        {{ key }} in (select {{ key }} from {{ raw_relation }} where {{ in_partition_window() }})
    {%- else -%}(1 = 1){%- endif -%}
{%- endmacro %}

{#- pre_hook of an incremental staging model: drop the touched orders' rows (all of them without a
    window) before their latest versions go back in, so a line or refund that a newer version no
    longer carries goes too; and the orders raw no longer holds at all (a partition reloaded
    without them), as a full build would. Runs inside the model's transaction. -#}
{% macro delete_touched_orders(raw_relation, key='order_id') -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ touched_orders(raw_relation, key) }}
            or {{ key }} not in (select {{ key }} from {{ raw_relation }})
    {%- endif -%}
{%- endmacro %}

{#- The same window past staging: the orders whose kept version came from a partition of the
    window (staging keeps its _partition_date), i.e. the orders whose staging rows this run rewrote
    with news. An order only re-read from the lookback, still at the version it had, has no news. -#}
{% macro touched_staged_orders(staged_relation) -%}
    {%- if is_incremental() and has_partition_window() -%}
        order_id in (select order_id from {{ staged_relation }} where {{ in_partition_window() }})
    {%- else -%}(1 = 1){%- endif -%}
{%- endmacro %}

{#- The lines of those orders in a model holding both marketplaces' lines (platform, order_id). -#}
{% macro touched_order_lines() -%}
    {%- if is_incremental() and has_partition_window() -%}
        ((platform = 'ebay' and {{ touched_staged_orders(ref('stg_ebay__orders')) }})
         or (platform = 'discogs' and {{ touched_staged_orders(ref('stg_discogs__orders')) }}))
    {%- else -%}(1 = 1){%- endif -%}
{%- endmacro %}

{#- pre_hook: the touched orders' lines, and the lines of orders staging no longer holds. -#}
{% macro delete_touched_order_lines() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ touched_order_lines() }}
            or (platform = 'ebay' and order_id not in (select order_id from {{ ref('stg_ebay__orders') }}))
            or (platform = 'discogs' and order_id not in (select order_id from {{ ref('stg_discogs__orders') }}))
    {%- endif -%}
{%- endmacro %}
