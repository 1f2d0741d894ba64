-- A name points at one live token; a revoked name can be reused.
create unique index if not exists api_tokens_active_name on api_tokens (name) where revoked_at is null
