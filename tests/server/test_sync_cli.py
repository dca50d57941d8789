"""The sync and server commands as a broker and the district office type them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.server.conftest import District
from workbench.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_broker_connects_syncs_and_the_office_approves(
    tmp_path: Path, district: District, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    admin_url = district.admin_url
    monkeypatch.setenv("WORKBENCH_SYNC_PASSWORD", "s3cret-Zhenhai")
    name = f"wang_{district.db[-8:]}"
    code, out, _ = _run(capsys, "server", "add-user", name, "--role", "broker", "--url", admin_url, "--json")
    assert code == 0 and json.loads(out) == {"name": name, "role": "broker"}  # password given, not printed
    db = str(tmp_path / "laptop.db")
    assert _run(capsys, "--db", db, "init")[0] == 0
    broker_url = district.cluster.url(district.db, name, "x").replace(f"{name}:x@", "")
    code, out, err = _run(capsys, "--db", db, "sync", "connect", broker_url, "--user", name)
    assert code == 0, err
    assert "s3cret" not in (tmp_path / "laptop.db").read_bytes().decode("latin-1")
    code, out, err = _run(capsys, "--db", db, "update", "broker", "nobody", "name=王", "--json")
    assert code == 1 and "nobody" in err
    code, out, err = _run(capsys, "--db", db, "sync", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["first_sync"] is True and report["refused"] == []
    code, out, _ = _run(capsys, "--db", db, "sync", "status", "--json")
    status = json.loads(out)
    assert status["pending_changes"] == 0 and status["user"] == name and "x@" not in status["url"]
    code, out, _ = _run(capsys, "server", "status", "--url", admin_url, "--json")
    users = {u["name"]: u for u in json.loads(out)["users"]}
    assert users[name]["last_sync_at"] is not None
    code, out, err = _run(capsys, "server", "claim", "approve", "NOPE-1", "--url", admin_url)
    assert code == 1 and "NOPE-1" in err and "Traceback" not in err


def test_server_commands_say_what_is_wrong_in_words(
    district: District, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WORKBENCH_SERVER_URL", raising=False)
    code, _, err = _run(capsys, "server", "status")
    assert code == 1 and "--url" in err
    bad = district.cluster.url(district.db, "nobody_here", "wrong")
    code, _, err = _run(capsys, "server", "status", "--url", bad)
    assert code == 1 and "无法连接区服务器" in err and "Traceback" not in err
    code, _, err = _run(
        capsys, "server", "add-user", "Bad-Name", "--role", "broker", "--url", district.admin_url
    )
    assert code == 1 and "小写字母" in err
    code, _, err = _run(capsys, "server", "claim", "reject", "X", "--url", district.admin_url)
    assert code == 1 and "原因" in err
    for command in (
        ["server", "init"],
        ["server", "status"],
        ["server", "add-user", "x", "--role", "broker"],
    ):
        code, _, err = _run(capsys, *command, "--url", "NaN")
        assert code == 1 and "服务器地址无效" in err and "unexpected" not in err
