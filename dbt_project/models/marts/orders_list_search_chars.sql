-- Every character that occurs in the order list's lower-cased order ids and tracking numbers (one
-- row). A search term with a character outside a field's set cannot occur in that field, so the
-- reader skips scanning it: searching "smith" never reads a million digit-only order ids.
with

orders_list as (
    select * from {{ ref('orders_list') }}
),

order_id_characters as (
    select distinct {{ explode_array(string_characters('order_id_search')) }} as character
    from orders_list
),

tracking_characters as (
    select distinct {{ explode_array(string_characters('tracking_search')) }} as character
    from orders_list
),

final as (
    select
        (select coalesce({{ dbt.listagg('character', "''", 'order by character') }}, '') from order_id_characters) as order_id_characters,
        (select coalesce({{ dbt.listagg('character', "''", 'order by character') }}, '') from tracking_characters) as tracking_characters
)

select * from final
