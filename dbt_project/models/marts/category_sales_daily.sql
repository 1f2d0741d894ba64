{{
    config(
        materialized=windowed_materialization(),
        incremental_strategy='delete+insert',
        unique_key=['sold_date', 'category'],
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_window('sold_date') }}"
    )
}}
-- Sales per day and inventory category, over revenue-bearing orders, money in the home currency:
-- the rows GET /api/v1/analytics/categories/top/ ranks over its window. An item with no category
-- (or sold through a listing the catalog does not know) counts under 'Uncategorized'. Only
-- (day, category) pairs with a sale have a row. Incremental on the min_date..max_date window.
with orders as (
    select * from {{ ref('orders') }}
),

revenue_orders as (
    select
        *,
        coalesce(category, 'Uncategorized') as category_name
    from orders
    where is_revenue and {{ incremental_window('sold_date') }}
),

final as (
    select
        sold_date,
        category_name as category,
        count(distinct platform || '|' || order_id) as orders,
        count(*) as items,
        {{ to_money('sum(sale_price_home)') }} as revenue_home
    from revenue_orders
    group by sold_date, category_name
)

select * from final
