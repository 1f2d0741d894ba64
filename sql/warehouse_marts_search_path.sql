-- marts.<table> resolves to the marts file, as it did when the marts lived in the warehouse file;
-- every other schema (raw, staging, intermediate, ...) stays the warehouse's own.
set search_path = 'main,marts_db.marts'
