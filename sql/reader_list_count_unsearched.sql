-- reader_list_count.sql for a request without a search: the snapshot's matches come from
-- list_counts (orders per platform and status). {where} filters on platform and status only.
select
    cast(
        (select coalesce(sum(orders), 0) from list_counts where {where})
        - (select count(*) from list_overlay_stale where {where})
        + (select count(*) from list_overlay_live where {where})
        as bigint
    ) as total
