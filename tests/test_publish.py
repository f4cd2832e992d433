"""Writing and publishing: only changed pages are rewritten, hand-written pages are never touched,
and a failed build leaves the previous site as it was."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SAMPLE_FILE, run_cli, tree_hashes


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*.md")}


def test_a_second_run_rewrites_nothing_and_a_change_rewrites_only_its_pages(project: Path) -> None:
    gen = project / "content" / "generated"
    assert run_cli(project, "generate").code == 0
    before = _mtimes(gen)
    second = run_cli(project, "generate")
    assert second.code == 0 and "更新 0 个" in second.stdout
    assert _mtimes(gen) == before
    data = project / SAMPLE_FILE
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("按规定由单位缴纳的基本养老保险费支出", "按规定由单位缴纳的养老保险费支出"),
                    encoding="utf-8")
    assert run_cli(project, "generate").code == 0
    changed = {k for k, v in _mtimes(gen).items() if before.get(k) != v}
    assert changed == {"2024/103003/explanation.md"}


def test_hand_written_pages_are_kept_and_published(project: Path) -> None:
    page = project / "content" / "about.md"
    page.write_text("# 关于本站\n\n本站由区财政局维护。\n", encoding="utf-8")
    run = run_cli(project, "build")
    assert run.code == 0, run.stderr
    assert page.read_text(encoding="utf-8") == "# 关于本站\n\n本站由区财政局维护。\n"
    assert "本站由区财政局维护" in (project / "site" / "about" / "index.html").read_text(encoding="utf-8")


def test_pages_of_a_removed_disclosure_are_removed(project: Path) -> None:
    assert run_cli(project, "generate").code == 0
    unit = project / "data" / "units" / "103003"
    (unit / "2024.yaml").rename(unit.parent / "2024.yaml.bak")
    (unit.parent / "2024.yaml.bak").rename(project / "2024.yaml.bak")
    unit.rmdir()
    assert run_cli(project, "generate").code == 0
    assert not (project / "content" / "generated" / "2024").exists()
    assert (project / "content" / "generated" / "index.md").exists()


def test_a_generated_folder_not_made_by_us_is_refused(project: Path) -> None:
    mine = project / "content" / "generated" / "notes.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("# 我的笔记\n", encoding="utf-8")
    run = run_cli(project, "generate")
    assert run.code == 1 and "Traceback" not in run.stderr
    assert "不是本程序生成的文件夹" in run.stderr
    assert mine.read_text(encoding="utf-8") == "# 我的笔记\n"


def test_a_failing_strict_build_keeps_the_previous_site(project: Path) -> None:
    assert run_cli(project, "build").code == 0
    before = tree_hashes(project / "site")
    (project / "content" / "broken.md").write_text("# 坏链接\n\n[无此页](nowhere.md)\n", encoding="utf-8")
    run = run_cli(project, "build")
    assert run.code == 1 and "Traceback" not in run.stderr
    assert "nowhere.md" in run.stderr and "原网站未改动" in run.stderr
    assert tree_hashes(project / "site") == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site")]


def test_a_hand_written_page_on_a_generated_address_is_refused(project: Path) -> None:
    clash = project / "content" / "2024" / "103003" / "tables.md"
    clash.parent.mkdir(parents=True)
    clash.write_text("# 手写\n", encoding="utf-8")
    run = run_cli(project, "build")
    assert run.code == 1 and "Traceback" not in run.stderr
    assert "网址冲突" in run.stderr
