select 1 from api_tokens where token_hash = :token_hash and revoked_at is null
