-- An amount as the API writes it: an exact decimal string with two places ("34.99"), null stays null.
create or replace macro money(amount) as cast(cast(amount as decimal(18, 2)) as varchar)
