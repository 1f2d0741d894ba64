select id, name, created_at, revoked_at from api_tokens order by id
