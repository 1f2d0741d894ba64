-- One row: the instant this build's marts are as of, and its date in the seller's time zone.
-- marts.inventory_items ages every item to this date when it is read, so the stored inventory
-- (inventory_items_base) changes only when an item does, not every day (docs/data-model.md,
-- "Incremental models"); analysts and the reader see one as-of date per snapshot.
select
    {{ as_of() }} as as_of_at,
    {{ as_of_date() }} as as_of_date
