-- API bearer tokens: only the sha256 of the secret is kept, so a copy of the file leaks no token.
create table if not exists api_tokens (
    id integer primary key autoincrement,
    name text not null,
    token_hash text not null unique,
    created_at text not null,
    revoked_at text
)
