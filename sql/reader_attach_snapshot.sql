-- The published snapshot, read-only, under a fixed name so reader queries never depend on its file name.
attach $path as snapshot (read_only)
