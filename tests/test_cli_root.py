"""`--root` and `--debug` work before and after the command, as the README shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import parser


@pytest.mark.parametrize("argv", [["--root", "/tmp/x", "check"], ["check", "--root", "/tmp/x"],
                                  ["--root", "/tmp/y", "check", "--root", "/tmp/x"]])
def test_root_is_taken_wherever_it_is_given(argv: list[str]) -> None:
    assert parser().parse_args(argv).root == Path("/tmp/x")


def test_without_root_the_current_folder_is_used() -> None:
    args = parser().parse_args(["build"])
    assert not hasattr(args, "root") and not hasattr(args, "debug")  # main() reads them as "." and False


@pytest.mark.parametrize("argv", [["--debug", "check"], ["check", "--debug"]])
def test_debug_is_taken_wherever_it_is_given(argv: list[str]) -> None:
    assert parser().parse_args(argv).debug is True
