-- Free the staging tables of the last load (they can hold a month of pages).
drop table if exists page_records;
drop table if exists checked_records;
drop table if exists catalog_records;
