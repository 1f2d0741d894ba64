"""``python -m pipelines token ...`` through :func:`pipelines.reader.cli.token_command`."""

from __future__ import annotations

import pytest

from pipelines import ops_store
from pipelines.reader.cli import token_command


def test_create_list_and_revoke_a_token(reader_settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert token_command(["create", "analyst"]) == 0
    secret = capsys.readouterr().out.strip()
    assert secret.startswith("tok_")
    assert ops_store.verify_token(secret)

    assert token_command(["list"]) == 0
    listing = capsys.readouterr().out
    assert "analyst" in listing and "active" in listing and secret not in listing

    assert token_command(["revoke", "analyst"]) == 0
    assert not ops_store.verify_token(secret)
    assert token_command(["revoke", "analyst"]) == 1
    assert "no active token" in capsys.readouterr().err


def test_a_second_live_token_with_the_same_name_is_refused(reader_settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert token_command(["create", "ci"]) == 0
    assert token_command(["create", "ci"]) == 1
    assert "already exists" in capsys.readouterr().err


def test_an_unknown_subcommand_exits_with_usage(reader_settings) -> None:
    with pytest.raises(SystemExit) as exit_info:
        token_command(["frobnicate"])
    assert exit_info.value.code == 2
