-- The overlay slot of reader_list_rows.sql when shipment updates touch the list: the updated rows
-- (list_overlay_live) replace their snapshot rows (list_overlay_stale).
        and sold_position not in (select sold_position from list_overlay_stale)
    union all
    select * from list_overlay_live
    where sold_position in (select sold_position from wanted)
