"""A command module with a bug in it, registered by one test to see what ``main()`` makes of a crash."""

from __future__ import annotations

import argparse
from typing import Any


def cmd_explode(args: argparse.Namespace) -> int:
    return 1 // 0  # the bug: a real exception from command code, as a mistake in a new module would raise


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("explode", parents=[common])
    p.set_defaults(func=cmd_explode)
