"""The ``workbench`` command as a user runs it: output, exit codes, and nothing written on errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from sqlmodel import select

from tests.keychain_fakes import no_keychain
from tests.workbench.factories import ALL_REQUIRED, make_chain
from workbench.cli import main
from workbench.models import Claim, Enterprise
from workbench.store import Store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "cli.db")
    assert run(capsys, "--db", path, "init")[0] == 0
    return path


def test_policy_compute_gives_the_amount_in_figures_and_capitals(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", db, "policy", "compute", "zhenhai", "--base", "123456.78", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["amount"] == "1851.85"
    assert data["amount_in_words"] == "人民币壹仟捌佰伍拾壹元捌角伍分"
    assert data["lines"][0]["kind"] == "base"
    assert data["lines"][-1]["amount"] == "1851.85"


def test_policy_compute_applies_tiers_and_the_cap(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", db, "policy", "compute", "ningbo-2014", "--base", "30000000", "--json")
    data = json.loads(out)
    assert code == 0 and data["amount"] == "300000.00" and "per_project" in data["caps_applied"]
    assert data["amount_in_words"] == "人民币叁拾万元整"
    code, out, _ = run(
        capsys,
        "--db",
        db,
        "policy",
        "compute",
        "zhenhai",
        "--base",
        "30000000",
        "--claimed-before",
        "300000",
        "--json",
    )
    assert json.loads(out)["amount"] == "0.00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("policy", "compute", "zhenhai", "--base", "1.234"), "两位小数"),
        (("policy", "compute", "zhenhai", "--base", "-5"), "负数"),
        (("policy", "compute", "atlantis", "--base", "5"), "atlantis"),
        (("show", "enterprise", "nope"), "nope"),
        (("list", "widgets"), "widgets"),
        (("list", "enterprises", "--filter", "colour"), "字段=值"),
        (("claim", "create", "no-such-contract"), "no-such-contract"),
    ],
)
def test_bad_input_gives_a_plain_message_and_exit_code(
    db: str, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, "--db", db, *args)
    assert code == 1
    assert message in err and "Traceback" not in err
    assert out == ""


def test_english_messages(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--lang", "en", "--db", db, "policy", "compute", "zhenhai", "--base", "1.234")
    assert code == 1 and "At most two decimal places" in err


def test_claim_create_and_refusals_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.db"
    store = Store.open(path)
    from workbench.services.policies import sync_default_policies

    with store.session() as s:
        sync_default_policies(s)
        chain = make_chain(s, tech_amount="25000000", total_fen="30000000")
        assert chain.contract is not None
        cid = chain.contract.id
    store.close()
    ticked = [arg for code_ in ALL_REQUIRED for arg in ("--attachment", code_)]
    code, out, err = run(capsys, "--db", str(path), "--json", "claim", "create", cid, *ticked)
    assert code == 0, err
    data = json.loads(out)
    assert data["amount_yuan"] == "300000.00" and data["status"] == "draft"
    # Only a claim handed in counts as claimed before.
    code, out, err = run(capsys, "--db", str(path), "claim", "submit", data["claim_no"])
    assert code == 0, err
    code, out, err = run(capsys, "--db", str(path), "claim", "create", cid)
    assert code == 1 and "上限" in err
    store = Store.open(path)
    with store.session() as s:
        assert len(s.exec(select(Claim)).all()) == 1
    store.close()


def test_list_and_show_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "l.db"
    store = Store.open(path)
    with store.session() as s:
        chain = make_chain(s)
    store.close()
    code, out, _ = run(capsys, "--db", str(path), "list", "contracts", "--json")
    data = json.loads(out)
    assert code == 0 and data["total"] == 1
    assert data["rows"][0]["tech_amount_yuan"] == "123456.78"
    code, out, _ = run(capsys, "--db", str(path), "show", "technology", chain.technology.id, "--json")
    assert json.loads(out)["patents"] == [{"number": "201811564288.X", "kind": "invention"}]
    code, out, _ = run(capsys, "--db", str(path), "provenance", "visit", chain.visit.id, "--json")
    assert json.loads(out)[0]["contract"] == "碳纤维复合材料成型技术转让"


def test_backup_restore_and_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "b.db"
    store = Store.open(path)
    with store.session() as s:
        s.add(Enterprise(name="备份中的企业"))
    store.close()
    code, out, _ = run(capsys, "--db", str(path), "--json", "backup", str(tmp_path / "copy.db"))
    assert code == 0 and Path(json.loads(out)["backup"]).exists()
    store = Store.open(path)
    with store.session() as s:
        s.add(Enterprise(name="之后的企业"))
    store.close()
    code, out, _ = run(capsys, "--db", str(path), "--json", "restore", str(tmp_path / "copy.db"))
    assert code == 0
    code, out, _ = run(capsys, "--db", str(path), "list", "enterprise", "--json")
    assert [r["name"] for r in json.loads(out)["rows"]] == ["备份中的企业"]
    code, out, _ = run(capsys, "--db", str(path), "check", "--json")
    assert code == 0 and json.loads(out)["ok"] is True


def test_demo_then_list_contracts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "demo.db")
    code, _, err = run(capsys, "--db", path, "--json", "demo", "--technologies", "300", "--enterprises", "20")
    assert code == 0, err
    code, out, _ = run(capsys, "--db", path, "list", "contracts", "--json")
    data = json.loads(out)
    assert code == 0 and data["total"] >= 5
    assert all(r["title"] for r in data["rows"])


def test_the_installed_command_runs_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A child process has no keychain (no Secret Service here): the passphrase comes from the environment.
    # The file is made in this process without a keychain too, so its passphrase wraps the key.
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "门口的梧桐树 2026")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")  # never a desktop's own
    keyring.set_keyring(no_keychain())
    missing_db = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(tmp_path / "x.db"), "list", "claims"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing_db.returncode == 1 and "workbench init" in missing_db.stderr
    assert main(["--db", str(tmp_path / "x.db"), "init"]) == 0
    proc = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(tmp_path / "x.db"), "show", "claim", "missing"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "missing" in proc.stderr
