-- Timestamps leave the reader in UTC whatever the host's time zone is.
set global TimeZone = 'UTC'
