{{ config(meta={'dagster': {'ref': {'name': 'inventory_items'}}}) }}
-- A failure means an item sold through a revenue-bearing order is missing from, or valued
-- differently in, the inventory than in the profit & loss report: each such item is sold in
-- marts.inventory_items with the P&L line's sale price and cost.
with pnl as (
    select * from {{ ref('profit_loss_items') }} where inventory_uid is not null
),

items as (
    select * from {{ ref('inventory_items') }}
)

select pnl.order_uid, pnl.inventory_uid, items.status, items.sale_order_uid, pnl.sale_price_home, items.value_home
from pnl
left join items on items.inventory_uid = pnl.inventory_uid
where items.inventory_uid is null
   or items.status <> 'sold'
   or items.sale_order_uid <> pnl.order_uid
   or items.value_home <> pnl.sale_price_home
   or coalesce(items.purchase_cost_home, 0) <> pnl.cost_home
