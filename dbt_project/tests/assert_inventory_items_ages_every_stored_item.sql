{{ config(meta={'dagster': {'ref': {'name': 'inventory_items'}}}) }}
-- A failure means marts.inventory_items (a view) lost or repeated stored items: build_as_of must
-- hold exactly one dated row, so the view has one row per row of inventory_items_base.
with as_of as (
    select count(*) as rows, count(as_of_date) as dated from {{ ref('build_as_of') }}
),

counts as (
    select
        (select count(*) from {{ ref('inventory_items_base') }}) as stored,
        (select count(*) from {{ ref('inventory_items') }}) as aged
)

select 'build_as_of' as what, as_of.rows as got, 1 as expected
from as_of
where as_of.rows <> 1 or as_of.dated <> 1
union all
select 'inventory_items' as what, counts.aged as got, counts.stored as expected
from counts
where counts.aged <> counts.stored
