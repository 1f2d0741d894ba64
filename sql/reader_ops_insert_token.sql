insert into api_tokens (name, token_hash, created_at) values (:name, :token_hash, :created_at)
