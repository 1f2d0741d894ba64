insert into ops_counters (name, value) values (:name, 0) on conflict (name) do nothing
