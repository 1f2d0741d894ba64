select value from ops_counters where name = :name
