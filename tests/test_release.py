"""Reproducible builds and `python -m generator release`: same data, code and SOURCE_DATE_EPOCH, same bytes.

Two checkouts (the code copied too) in folders of different names and depths build the sample one
after the other (so at different times), the second with a umask that makes its files private;
their sites and their packages must not differ by one byte.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.errors import HostError
from generator.release import epoch
from generator.release.archive import Entry, scan
from generator.release.package import write_all
from tests.conftest import REPO, SAMPLE_FILE, Run, copy_project, run_cli, tree_hashes

EPOCH = 1717243200  # 2024-06-01 12:00:00 UTC, worked out by hand
BASE = "budget-site-20240601"


def checkout(dest: Path) -> Path:
    """A project with its own copy of the generator's code, as a second clone would have."""
    copy_project(dest)
    shutil.copytree(REPO / "generator", dest / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def run_in(root: Path, *args: str, sde: str | None = None, umask: int | None = None, hashseed: str = "random",
           code: Path | None = None) -> Run:
    """`python -m generator ARGS` with the code of `root` itself (or of `code`), SOURCE_DATE_EPOCH as
    given (unset: None), and a set and dict order of `hashseed`."""
    env = {k: v for k, v in os.environ.items() if k != epoch.VARIABLE}
    env.update(PYTHONPATH=str(code or root), NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED=hashseed)
    if sde is not None:
        env[epoch.VARIABLE] = sde
    command = [sys.executable, "-m", "generator", *args]
    if umask is not None:  # through the shell: preexec_fn is unsafe once threads exist
        command = ["sh", "-c", f'umask {umask:03o} && exec "$@"', "sh", *command]
    proc = subprocess.run(command, capture_output=True, text=True, env=env, cwd=root, timeout=300)
    return Run(proc.returncode, proc.stdout, proc.stderr)


@dataclass(frozen=True)
class Twin:
    root: Path
    run: Run
    built_at: float

    @property
    def site(self) -> Path:
        return self.root / "site"

    def package(self, suffix: str) -> Path:
        return self.root / "dist" / f"{BASE}{suffix}"


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> tuple[Twin, Twin]:
    """The sample released twice: `release --site-dir site` in two checkouts, two seconds apart or more."""
    made = []
    for i, where in enumerate(["a", "b/deeper/folder"]):
        root = checkout(tmp_path_factory.mktemp(f"twin{i}") / where)
        run = run_in(root, "release", "--site-dir", "site", sde=str(EPOCH), umask=0o022 if i == 0 else 0o077,
                     hashseed=str(i + 1))
        assert run.code == 0, run.stderr
        made.append(Twin(root, run, time.time()))
        time.sleep(2.1 if i == 0 else 0)  # ZIP times have a two-second resolution
    return made[0], made[1]


def test_the_two_builds_differ_in_folder_time_and_modes(twins: tuple[Twin, Twin]) -> None:
    """The premise of the next tests: what the packages must not record did differ."""
    a, b = twins
    page_a, page_b = a.site / "index.html", b.site / "index.html"
    assert a.root != b.root and len(a.root.parts) != len(b.root.parts)
    assert abs(page_a.stat().st_mtime - page_b.stat().st_mtime) >= 2
    assert (page_a.stat().st_mode & 0o777, page_b.stat().st_mode & 0o777) == (0o644, 0o600)


def test_sites_are_byte_identical(twins: tuple[Twin, Twin]) -> None:
    a, b = twins
    hashes = tree_hashes(a.site)
    assert len(hashes) > 50 and hashes == tree_hashes(b.site)


def test_no_site_file_names_the_folder_it_was_built_in(twins: tuple[Twin, Twin]) -> None:
    for twin in twins:
        needle = str(twin.root).encode()
        assert [p for p in twin.site.rglob("*") if p.is_file() and needle in p.read_bytes()] == []


def test_sitemap_dates_come_from_source_date_epoch(twins: tuple[Twin, Twin]) -> None:
    site = twins[0].site
    lastmods = re.findall(r"<lastmod>([^<]+)</lastmod>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert lastmods and set(lastmods) == {"2024-06-01"}
    header = (site / "sitemap.xml.gz").read_bytes()[:10]
    assert int.from_bytes(header[4:8], "little") == 1717200000  # MkDocs: midnight of the lastmod day


@pytest.mark.parametrize("suffix", [".tar.gz", ".zip", ".SHA256SUMS"])
def test_packages_are_byte_identical(twins: tuple[Twin, Twin], suffix: str) -> None:
    a, b = twins
    assert a.package(suffix).read_bytes() == b.package(suffix).read_bytes()


def test_manifest_lists_every_site_file_with_its_sha256(twins: tuple[Twin, Twin]) -> None:
    twin = twins[0]
    lines = twin.package(".SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = {path: digest for digest, path in (line.split("  ", 1) for line in lines)}
    assert listed == tree_hashes(twin.site)
    assert [line.split("  ", 1)[1] for line in lines] == sorted(listed)


def test_manifest_verifies_with_sha256sum(twins: tuple[Twin, Twin], tmp_path: Path) -> None:
    with tarfile.open(twins[0].package(".tar.gz")) as tar:
        tar.extractall(tmp_path, filter="data")
    check = subprocess.run(["sha256sum", "--check", "--strict", "--quiet", "SHA256SUMS"],
                           cwd=tmp_path / BASE, capture_output=True, text=True)
    assert (check.returncode, check.stdout) == (0, "")


def test_tar_members_are_sorted_and_normalised(twins: tuple[Twin, Twin]) -> None:
    twin = twins[1]  # the one built with umask 077
    raw = twin.package(".tar.gz").read_bytes()
    assert raw[3] & 0x08 == 0 and raw[4:8] == b"\0\0\0\0"  # gzip: no file name, no time
    with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
        members = tar.getmembers()
        files = {m.name: hashlib.sha256(tar.extractfile(m).read()).hexdigest()  # type: ignore[union-attr]
                 for m in members if m.isfile()}
    names = [m.name for m in members]
    assert names == sorted(names, key=lambda n: n.split("/")) and names[0] == BASE
    assert {(m.uid, m.gid, m.uname, m.gname, m.mtime) for m in members} == {(0, 0, "", "", EPOCH)}
    assert {m.mode for m in members if m.isfile()} == {0o644} and {m.mode for m in members if m.isdir()} == {0o755}
    site = {f"{BASE}/{k}": v for k, v in tree_hashes(twin.site).items()}
    sums = hashlib.sha256(twin.package(".SHA256SUMS").read_bytes()).hexdigest()
    assert files == {**site, f"{BASE}/SHA256SUMS": sums}


def test_zip_members_are_sorted_and_normalised(twins: tuple[Twin, Twin]) -> None:
    twin = twins[1]
    with zipfile.ZipFile(twin.package(".zip")) as zf:
        infos = zf.infolist()
        files = {i.filename: hashlib.sha256(zf.read(i)).hexdigest() for i in infos if not i.is_dir()}
    names = [i.filename.rstrip("/") for i in infos]
    assert names == sorted(names, key=lambda n: n.split("/"))
    assert {i.date_time for i in infos} == {(2024, 6, 1, 12, 0, 0)}
    assert {i.external_attr >> 16 for i in infos if not i.is_dir()} == {0o100644}
    assert {i.external_attr >> 16 for i in infos if i.is_dir()} == {0o040755}
    with tarfile.open(twin.package(".tar.gz")) as tar:
        tar_files = {m.name: hashlib.sha256(tar.extractfile(m).read()).hexdigest()  # type: ignore[union-attr]
                     for m in tar.getmembers() if m.isfile()}
    assert files == tar_files


def test_release_says_what_it_made(twins: tuple[Twin, Twin]) -> None:
    out = twins[0].run.stdout
    assert f"已生成发布包 {BASE}" in out and f"时间戳 2024-06-01（{EPOCH}，来源：环境变量 SOURCE_DATE_EPOCH）" in out
    digest = hashlib.sha256(twins[0].package(".tar.gz").read_bytes()).hexdigest()
    assert f"{BASE}.tar.gz  sha256 {digest}" in out
    assert "未提交" not in twins[0].run.stderr  # not a git checkout: nothing to warn about


def test_demo_district_sites_are_byte_identical(twins: tuple[Twin, Twin], tmp_path: Path) -> None:
    """Several units and years: units of a department, comparisons with last year, the district's
    pages; built with the two checkouts' code, in two folders, under two hash seeds."""
    a, b = tmp_path / "a" / "demo", tmp_path / "b" / "x" / "demo"
    a.parent.mkdir()
    assert run_in(a.parent, "demo", str(a), "--units", "4", "--years", "2", code=twins[0].root).code == 0
    shutil.copytree(a, b)
    for i, (demo, twin) in enumerate([(a, twins[0]), (b, twins[1])]):
        run = run_in(demo, "build", sde=str(EPOCH), code=twin.root, hashseed=str(i + 7))
        assert run.code == 0, run.stderr
    hashes = tree_hashes(a / "site")
    assert len(hashes) > 100 and hashes == tree_hashes(b / "site")


def test_a_build_without_source_date_epoch_is_dated_today(tmp_path: Path) -> None:
    root = checkout(tmp_path / "p")
    before = dt.datetime.now(dt.UTC).date().isoformat()
    run = run_in(root, "build")
    after = dt.datetime.now(dt.UTC).date().isoformat()
    assert run.code == 0, run.stderr
    sitemap = root / "site" / "sitemap.xml"
    lastmods = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap.read_text("utf-8")))
    assert lastmods in ({before}, {after})
    assert gzip.decompress((root / "site" / "sitemap.xml.gz").read_bytes()) == sitemap.read_bytes()


def test_a_malformed_source_date_epoch_stops_the_build_with_a_message(tmp_path: Path) -> None:
    project = checkout(tmp_path / "p")
    run = run_in(project, "build", sde="2024-06-01")
    assert run.code == 1 and "Traceback" not in run.stderr
    assert "SOURCE_DATE_EPOCH='2024-06-01' 不是有效的时间戳" in run.stderr
    assert not (project / "site").exists()


def test_an_empty_source_date_epoch_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(epoch.VARIABLE, " ")
    epoch.normalise_environment()  # MkDocs would fail on int(" ")
    assert epoch.VARIABLE not in os.environ
    monkeypatch.setenv(epoch.VARIABLE, "12x")
    with pytest.raises(HostError, match="不是有效的时间戳"):
        epoch.normalise_environment()


def git(repo: Path, *args: str, date: str = "") -> str:
    who = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    env = {**os.environ, **who, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=env).stdout.strip()


def test_the_release_time_comes_from_the_environment_then_git_then_a_fixed_date(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(epoch.VARIABLE, raising=False)
    fixed = epoch.release_stamp(tmp_path)
    assert (fixed.epoch, fixed.date) == (315532800, "1980-01-01")
    git(tmp_path, "init", "-q")
    (tmp_path / "f").write_text("x")
    git(tmp_path, "add", "f")
    git(tmp_path, "commit", "-qm", "x", date="2024-03-05T06:07:08+00:00")
    assert (epoch.release_stamp(tmp_path).epoch, epoch.head_tag(tmp_path)) == (1709618828, None)
    git(tmp_path, "tag", "v2024.1")
    assert epoch.head_tag(tmp_path) == "v2024.1" and not epoch.uncommitted(tmp_path)
    for output in ("site/index.html", "dist/x.zip", "content/generated/index.md"):
        (tmp_path / output).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / output).write_text("built")
    assert not epoch.uncommitted(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "new.yaml").write_text("x: 1")
    assert epoch.uncommitted(tmp_path)
    (tmp_path / "data" / "new.yaml").unlink()
    (tmp_path / "f").write_text("y")
    assert epoch.uncommitted(tmp_path)
    monkeypatch.setenv(epoch.VARIABLE, "1700000000")
    assert epoch.release_stamp(tmp_path).epoch == 1700000000


def test_a_release_that_fails_leaves_no_package(tmp_path: Path) -> None:
    project = checkout(tmp_path / "p")
    path = project / SAMPLE_FILE
    text = path.read_text(encoding="utf-8")
    assert "使用财政预算资金133.05万元" in text
    path.write_text(text.replace("使用财政预算资金133.05万元", "使用财政预算资金143.57万元", 1), encoding="utf-8")
    run = run_in(project, "release", sde=str(EPOCH))
    assert run.code == 1 and "Traceback" not in run.stderr and SAMPLE_FILE in run.stderr
    assert not (project / "dist").exists() or list((project / "dist").iterdir()) == []


def test_writing_stops_whole_when_a_file_vanishes_midway(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for name in ("a.html", "b.html"):
        (site / name).write_text(name)
    entries = scan(site)
    (site / "b.html").unlink()  # read while writing the tar: fails after a.html went in
    out = tmp_path / "dist"
    out.mkdir()
    (out / "old.txt").write_text("kept")
    with pytest.raises(HostError, match="未生成发布包"):
        write_all(out, "x-1", entries, b"", EPOCH)
    assert sorted(p.name for p in out.iterdir()) == ["old.txt"]


def test_links_in_the_site_are_refused(tmp_path: Path) -> None:
    (tmp_path / "real.html").write_text("x")
    (tmp_path / "link.html").symlink_to(tmp_path / "real.html")
    with pytest.raises(Exception, match="符号链接"):
        scan(tmp_path)
    assert Entry("a/b").sort_key() < Entry("a-b").sort_key()  # a folder's content right after it


def test_a_killed_release_leaves_temporary_files_the_next_one_removes(tmp_path: Path) -> None:
    from generator.release.package import _output_folder

    (tmp_path / ".x-1.tar.gz.tmp-k1ll3d").write_bytes(b"half")
    (tmp_path / ".other-2.zip.tmp-busy").write_bytes(b"another release's")
    assert _output_folder(tmp_path, "x-1") == tmp_path
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other-2.zip.tmp-busy"]


def test_a_version_unfit_for_a_file_name_is_refused(tmp_path: Path) -> None:
    run = run_in(checkout(tmp_path / "p"), "release", "--version", "../v1")
    assert run.code == 2 and "'../v1' 不能用于文件名" in run.stderr and not (tmp_path / "p" / "dist").exists()


def test_a_release_into_a_throwaway_folder_leaves_no_build_record(project: Path, tmp_path: Path) -> None:
    assert run_cli(project, "release", "--out", str(tmp_path / "dist")).code == 0
    assert not list((project / ".cache" / "builds").glob("*.json"))
