update api_tokens
set revoked_at = :revoked_at
where revoked_at is null
    and (name = :key or cast(id as text) = :key)
