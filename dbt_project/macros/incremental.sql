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
