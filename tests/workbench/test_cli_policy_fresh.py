"""`workbench policy compute` on a fresh machine: the README example runs as written, nothing is made."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def files_under(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


def test_compute_with_a_db_that_does_not_exist_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "nowhere" / "w.db"
    code, out, err = run(
        capsys, "--db", str(db), "policy", "compute", "zhenhai", "--base", "123456.78", "--json"
    )
    assert code == 0, err
    assert json.loads(out)["amount"] == "1851.85"
    assert files_under(tmp_path) == []


@pytest.mark.parametrize("how", ["WORKBENCH_DATA_DIR", "XDG_DATA_HOME"])
def test_the_readme_example_runs_with_an_empty_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.delenv("WORKBENCH_DATA_DIR", raising=False)
    # platformdirs on Linux reads XDG_*; on any platform WORKBENCH_DATA_DIR wins.
    monkeypatch.setenv(how, str(empty))
    for var in ("XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(empty))
    # The README's line, exactly: `workbench policy compute zhenhai --base 123456.78 --json`
    code, out, err = run(capsys, "policy", "compute", "zhenhai", "--base", "123456.78", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["amount"] == "1851.85" and data["amount_in_words"] == "人民币壹仟捌佰伍拾壹元捌角伍分"
    assert files_under(empty) == []


def test_an_unknown_policy_without_a_data_file_names_the_shipped_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "--db", str(tmp_path / "none.db"), "policy", "compute", "atlantis", "--base", "5"
    )
    assert code == 1 and out == ""
    assert "atlantis" in err and "zhenhai" in err and "ningbo-2014" in err
    assert files_under(tmp_path) == []


def test_with_a_data_file_its_own_policies_are_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A user who edited a policy in the app gets their version, not the shipped one."""
    from workbench.services.policies import new_version
    from workbench.store import Store

    db = tmp_path / "w.db"
    assert run(capsys, "--db", str(db), "init")[0] == 0
    with Store.open(db) as store, store.session() as s:
        new_version(s, "zhenhai", {"rate": "0.02"})
    code, out, err = run(
        capsys, "--db", str(db), "policy", "compute", "zhenhai", "--base", "100000", "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["version"] == 2 and data["amount"] == "2000.00"
