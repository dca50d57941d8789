"""Fuzzing (issue 11): random hostile command lines for every CLI command, and every validator.

The command lines are built from the real parser (every sub-command, positional and option it declares), with
values a careless or hostile user could type: NaN, huge numbers, control characters, bytes that are not UTF-8,
values starting with "-". Whatever comes in, the CLI answers with words and exit code 0, 1 or 2; the
validators answer with issues, never an exception.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import keyring
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.keychain_fakes import no_keychain
from workbench import keys, validation
from workbench.cli import build_parser, main
from workbench.errors import ValidationError
from workbench.models import Enterprise
from workbench.store import Store

PASSPHRASE = "模糊测试的密码 2026"
# Options that would point the CLI away from the fuzzed data file, or only print the version.
SKIPPED_OPTIONS = {"-h", "--help", "--db", "--version"}
# Positionals and options that name files the command writes or reads: kept inside the test's folder.
PATH_DESTS = {"dest", "output", "recovery_sheet", "src"}
UNEXPECTED = re.compile(r"Traceback|意外的问题|unexpected", re.IGNORECASE)

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FUZZ_LONG = settings(FUZZ, max_examples=600)


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]
    positionals: tuple[argparse.Action, ...]
    options: tuple[argparse.Action, ...]


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[Command]:
    """Every leaf command of the real parser, with what it accepts."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if subs:
        for name, child in subs[0].choices.items():
            yield from commands(child, (*path, name))
        return
    positionals = tuple(a for a in parser._actions if not a.option_strings)
    options = tuple(
        a for a in parser._actions if a.option_strings and not set(a.option_strings) & SKIPPED_OPTIONS
    )
    yield Command(path, positionals, options)


COMMANDS = list(commands(build_parser()))


def _no_nul(text: str) -> str:
    return text.replace("\x00", "")  # a real command line cannot carry NUL (C strings)


hostile_words = st.sampled_from(
    [
        "NaN",
        "nan%",
        "sNaN",
        "Infinity",
        "-inf",
        "1e400",
        "-1",
        "0",
        "99999999999999999999",
        "-99999999999999999999",
        "",
        " ",
        "-涂层",
        "--",
        "-",
        "x=NaN",
        "title=涂层",
        "status=",
        "=",
        "zhenhai",
        "ningbo-2014",
        "enterprise",
        "need",
        "claim",
        "contracts",
        "2026-13-45",
        "0000-00-00",
        "\x1b[2J\x1b[31m",
        "\u202e\u200b",
        "list",
        "keep",
        "涂" * 600,
    ]
)
undecodable = st.binary(min_size=1, max_size=12).map(lambda b: _no_nul(b.decode("utf-8", "surrogateescape")))
values = st.one_of(
    hostile_words,
    st.text(max_size=40).map(_no_nul),
    undecodable,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


plain_words = st.sampled_from(
    [
        "enterprise",
        "need",
        "technology",
        "claim",
        "contract",
        "policy",
        "涂层",
        "宁波",
        "zhenhai",
        "nbcl",
        "1",
    ]
)


def values_for(action: argparse.Action) -> st.SearchStrategy[str]:
    """Mostly what the option expects (so commands run past parsing), often something hostile."""
    if action.choices:
        return st.one_of(st.sampled_from([str(c) for c in action.choices]), values)
    if action.type is not None:  # the bounded whole numbers
        return st.one_of(st.integers(0, 50).map(str), values)
    return st.one_of(plain_words, values)


def _inside(folder: Path) -> Callable[[str], str]:
    """A file name typed by the fuzzer, kept under the test's folder (no absolute paths, no '..')."""

    def keep(raw: str) -> str:
        parts = [p for p in re.split(r"[\\/]+", raw) if p not in ("", ".", "..")]
        return str(folder.joinpath("out", *parts)) if parts else str(folder / "out")

    return keep


@st.composite
def command_lines(draw: st.DrawFn, db: str, folder: Path) -> list[str]:
    command = draw(st.sampled_from(COMMANDS))
    argv = ["--db", db]
    if draw(st.booleans()):
        argv.append("--json")
    argv += list(command.path)
    keep = _inside(folder)
    for action in command.positionals:
        if action.nargs == "?":
            count = draw(st.integers(0, 1))
        elif action.nargs == "+":
            count = draw(st.integers(1, 3))
        else:
            count = 1
        for _ in range(count):
            value = draw(values_for(action))
            argv.append(keep(value) if action.dest in PATH_DESTS else value)
    chosen = draw(st.lists(st.sampled_from(command.options), max_size=4)) if command.options else []
    for action in chosen:
        flag = draw(st.sampled_from(action.option_strings))
        if action.nargs == 0:
            argv.append(flag)
            continue
        value = draw(st.one_of(st.sampled_from(list(action.choices)), values) if action.choices else values)
        if action.dest in PATH_DESTS:
            value = keep(value)
        # Both spellings a user has: "--text VALUE" and "--text=VALUE".
        argv += [f"{flag}={value}"] if flag.startswith("--") and draw(st.booleans()) else [flag, value]
    if command.path == ("demo",):
        argv += ["--technologies", "5", "--enterprises", "2"]  # keep a fuzzed demo small
    if draw(st.integers(0, 9)) == 0:
        argv.insert(draw(st.integers(2, len(argv))), draw(values))  # a stray extra argument
    return argv


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One real data file for the module, its key wrapped by a passphrase (each test's keychain is new)."""
    folder = tmp_path_factory.mktemp("fuzz")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(keys.material, "SCRYPT_PARAMS", {"n": 2**10, "r": 8, "p": 1})
        mp.setenv(keys.PASSPHRASE_ENV, PASSPHRASE)
        previous = keyring.get_keyring()
        keyring.set_keyring(no_keychain())
        try:
            db = folder / "fuzz.db"
            assert main(["--db", str(db), "init"]) == 0
            with Store.open(db) as store, store.session() as s:
                s.add_all([Enterprise(name=f"宁波模糊测试企业{i}", notes="涂层\x1b[31m") for i in range(5)])
        finally:
            keyring.set_keyring(previous)
    yield db


def _fuzz_cli(
    fuzz_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cfg: settings
) -> None:
    keyring.set_keyring(no_keychain())
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASSPHRASE)
    monkeypatch.delenv(keys.NEW_PASSPHRASE_ENV, raising=False)
    monkeypatch.chdir(fuzz_db.parent)  # anything written by a relative name lands here
    capsys.readouterr()

    @cfg
    @given(argv=command_lines(str(fuzz_db), fuzz_db.parent))
    def one(argv: list[str]) -> None:
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: usage errors (2), --help (0)
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        assert code in (0, 1, 2), (argv, code, err)
        assert not UNEXPECTED.search(err), (argv, err)
        assert "\x1b" not in out or "--json" in argv, (argv, out)

    one()
    # The data file survived whatever was thrown at it.
    assert main(["--db", str(fuzz_db), "check"]) == 0
    capsys.readouterr()


def test_fuzz_every_cli_command(
    fuzz_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _fuzz_cli(fuzz_db, capsys, monkeypatch, FUZZ)


@pytest.mark.long
def test_fuzz_every_cli_command_long(
    fuzz_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _fuzz_cli(fuzz_db, capsys, monkeypatch, FUZZ_LONG)


def test_the_fuzzer_reaches_every_command() -> None:
    """If a command module is added, the fuzzer picks it up from the parser without a change here."""
    paths = {" ".join(c.path) for c in COMMANDS}
    assert {"list", "show", "claim create", "claim reject", "policy compute", "key rotate", "search"} <= paths
    assert len(paths) >= 25


# -- validators ------------------------------------------------------------------------------------

text_inputs = st.one_of(
    st.none(),
    hostile_words,
    st.text(max_size=60),
    st.text(alphabet="0123456789XxABCDEFGHJKLMNPQRTUWY.-_ /\\（）", max_size=30),
    undecodable,
)
dates = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


def _answers_in_issues(check: Callable[[], validation.Checked[Any]]) -> None:
    result = check()
    assert isinstance(result, validation.Checked)
    if result.errors:
        assert result.value is None
        with pytest.raises(ValidationError):
            result.raise_for_errors(accept_warnings=True)


VALIDATORS: dict[str, Callable[[Any, bool, date | None], validation.Checked[Any]]] = {
    "check_uscc": lambda raw, req, _d: validation.check_uscc(raw, required=req),
    "check_patent_number": lambda raw, req, d: validation.check_patent_number(raw, required=req, today=d),
    "check_patent_numbers": lambda raw, req, d: validation.check_patent_numbers(raw, required=req, today=d),
    "check_phone": lambda raw, req, _d: validation.check_phone(raw, required=req),
    "check_email": lambda raw, req, _d: validation.check_email(raw, required=req),
    "check_amount": lambda raw, req, _d: validation.check_amount(raw, required=req, allow_zero=not req),
    "check_date": lambda raw, req, _d: validation.check_date(raw, required=req),
    "check_id_card": lambda raw, req, d: validation.check_id_card(raw, required=req, today=d),
    "check_keywords": lambda raw, req, _d: validation.check_keywords(raw, min_count=int(req)),
    "check_text": lambda raw, req, _d: validation.check_text(raw, field="f", max_len=20, required=req),
    "check_required_text": lambda raw, _r, _d: validation.check_required_text(raw, "f", max_len=20),
}


def test_every_public_validator_is_fuzzed() -> None:
    public = {n for n in dir(validation) if n.startswith("check_") and callable(getattr(validation, n))}
    assert public - {"check_date_range"} == set(VALIDATORS)


def _fuzz_validators(cfg: settings) -> None:
    @cfg
    @given(
        name=st.sampled_from(sorted(VALIDATORS)),
        raw=text_inputs,
        required=st.booleans(),
        today=dates,
    )
    def one(name: str, raw: Any, required: bool, today: date | None) -> None:
        _answers_in_issues(lambda: VALIDATORS[name](raw, required, today))

    @cfg
    @given(raw=st.one_of(st.decimals(allow_nan=True, allow_infinity=True), st.integers(-(2**80), 2**80)))
    def amounts(raw: Any) -> None:
        _answers_in_issues(lambda: validation.check_amount(raw))

    @cfg
    @given(raw=st.one_of(st.lists(st.text(max_size=15), max_size=8), text_inputs))
    def keyword_lists(raw: Any) -> None:
        _answers_in_issues(lambda: validation.check_keywords(raw))

    @cfg
    @given(start=dates, end=dates)
    def ranges(start: date | None, end: date | None) -> None:
        _answers_in_issues(lambda: validation.check_date_range(start, end))

    @cfg
    @given(raw=st.one_of(st.text(max_size=40), undecodable))
    def widths(raw: str) -> None:
        assert isinstance(validation.normalize_width(raw), str)

    for run in (one, amounts, keyword_lists, ranges, widths):
        run()


def test_fuzz_every_validator() -> None:
    _fuzz_validators(settings(deadline=None, max_examples=100))


@pytest.mark.long
def test_fuzz_every_validator_long() -> None:
    _fuzz_validators(settings(deadline=None, max_examples=3000))
