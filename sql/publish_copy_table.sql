-- {schema}.{table} come from the warehouse catalog (the marts schema), never from input.
create table snapshot.{schema}.{table} as select * from {schema}.{table}
