update ops_counters set value = value + 1 where name = :name
