"""What this machine can get in the way of (a taken port, a folder that cannot be written, a tool not
installed) is one Chinese line on stderr and exit status 1, without a traceback unless --debug."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import cli, offline
from tests.conftest import run_cli


def only_line(stderr: str) -> str:
    """The one error line, last on stderr (warnings of the data checks may come before it)."""
    errors = [line for line in stderr.splitlines() if line.startswith("错误：")]
    assert len(errors) == 1 and stderr.rstrip().endswith(errors[0]), stderr
    assert "Traceback" not in stderr
    return errors[0]


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port on 127.0.0.1 that another program (this test) listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        yield held.getsockname()[1]


def test_serve_on_a_taken_port_says_which_and_what_to_do(project: Path, taken_port: int) -> None:
    run = run_cli(project, "serve", "--dev-addr", f"127.0.0.1:{taken_port}", timeout=60)
    assert run.code == 1
    line = only_line(run.stderr)
    assert f"127.0.0.1:{taken_port}" in line and "已被其他程序占用" in line and "--dev-addr" in line


def test_debug_shows_the_traceback(project: Path, taken_port: int) -> None:
    run = run_cli(project, "--debug", "serve", "--dev-addr", f"127.0.0.1:{taken_port}", timeout=60)
    assert run.code == 1 and "Traceback" in run.stderr


def test_a_malformed_preview_address_is_one_line(project: Path) -> None:
    run = run_cli(project, "serve", "--dev-addr", "localhost", timeout=60)
    assert run.code == 1 and "主机:端口" in only_line(run.stderr)


def test_a_site_path_that_is_a_file_is_left_alone(project: Path) -> None:
    target = project / "site"
    target.write_text("not a folder", encoding="utf-8")
    run = run_cli(project, "build", "--site-dir", str(target))
    assert run.code == 1
    line = only_line(run.stderr)
    assert str(target) in line and "不是文件夹" in line and "--site-dir" in line
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_a_site_folder_that_cannot_be_created_is_one_line(project: Path) -> None:
    blocker = project / "output"
    blocker.write_text("a file where a folder is needed", encoding="utf-8")
    run = run_cli(project, "build", "--site-dir", str(blocker / "site"))
    assert run.code == 1
    line = only_line(run.stderr)
    assert f"无法写入网站文件夹 {blocker}" in line and "--site-dir" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders: chmod cannot simulate it")
def test_a_read_only_parent_folder_is_one_line(project: Path) -> None:
    parent = project / "read-only"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        run = run_cli(project, "build", "--site-dir", str(parent / "site"))
    finally:
        parent.chmod(0o755)
    assert run.code == 1 and "没有权限" in only_line(run.stderr)


def test_offline_build_without_the_search_shim_names_the_file_and_make_setup(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(offline, "CHECKOUT", tmp_path / "checkout-without-tools")
    assert cli.main(["--root", str(project), "build", "--offline"]) == 1
    line = only_line(capsys.readouterr().err)
    assert str(tmp_path / "checkout-without-tools" / offline.SHIM_SRC) in line and "make setup" in line
    assert not (project / "site-offline").exists()
