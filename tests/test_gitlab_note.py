"""scripts/gitlab_note.py: the diff as one merge request note, updated on later pushes.

A small stand-in for GitLab's notes API listens on the loopback address only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

SCRIPT = REPO / "scripts" / "gitlab_note.py"
MARKER = "<!-- budget-diff -->"


class FakeGitLab(ThreadingHTTPServer):
    def __init__(self, handler: type[BaseHTTPRequestHandler] | None = None) -> None:
        super().__init__(("127.0.0.1", 0), handler or Handler)
        self.notes: list[dict[str, Any]] = [{"id": 7, "body": "LGTM"}]
        self.calls: list[tuple[str, str, str | None]] = []  # method, path, token


class Handler(BaseHTTPRequestHandler):
    server: FakeGitLab

    def log_message(self, format: str, *args: Any) -> None:  # keep the test output clean
        pass

    def _reply(self, payload: object, status: int = 200) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _record(self) -> str | None:
        self.server.calls.append((self.command, urllib.parse.urlsplit(self.path).path,
                                  self.headers.get("PRIVATE-TOKEN")))
        length = int(self.headers.get("Content-Length") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(length).decode()) if length else {}
        return form.get("body", [None])[0]

    def do_GET(self) -> None:
        self._record()
        self._reply(self.server.notes)

    def do_POST(self) -> None:
        body = self._record()
        note = {"id": 8, "body": body}
        self.server.notes.append(note)
        self._reply(note, 201)

    def do_PUT(self) -> None:
        body = self._record()
        note_id = int(self.path.rsplit("/", 1)[1])
        for note in self.server.notes:
            if note["id"] == note_id:
                note["body"] = body
        self._reply({"id": note_id, "body": body})


class Refusing(Handler):
    def do_GET(self) -> None:
        self._record()
        self._reply({"message": "401 Unauthorized"}, 401)


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler] | None = None) -> Iterator[FakeGitLab]:
    server = FakeGitLab(handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def gitlab() -> Iterator[FakeGitLab]:
    with serving() as server:
        yield server


def post(diff: Path, server: FakeGitLab | None, token: str = "secret") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CI_", "BUDGET_"))}
    if server is not None:
        env.update(CI_API_V4_URL=f"http://127.0.0.1:{server.server_address[1]}/api/v4", CI_PROJECT_ID="group/budget",
                   CI_MERGE_REQUEST_IID="12", BUDGET_NOTE_TOKEN=token)
    return subprocess.run([sys.executable, str(SCRIPT), str(diff)], capture_output=True, text=True, env=env, timeout=60)


def test_first_post_creates_a_note_and_later_ones_update_it(gitlab: FakeGitLab, tmp_path: Path) -> None:
    diff = tmp_path / "diff.md"
    diff.write_text("## 预算差异\n表1 合计 133.05 → 143.57\n", encoding="utf-8")
    first = post(diff, gitlab)
    assert (first.returncode, first.stdout.strip()) == (0, "已在合并请求中发表差异评论")
    notes_path = "/api/v4/projects/group%2Fbudget/merge_requests/12/notes"
    assert gitlab.calls == [("GET", notes_path, "secret"), ("POST", notes_path, "secret")]
    assert gitlab.notes[1]["body"] == f"{MARKER}\n## 预算差异\n表1 合计 133.05 → 143.57\n"

    diff.write_text("## 预算差异\n无变化\n", encoding="utf-8")
    second = post(diff, gitlab)
    assert second.stdout.strip() == "已更新合并请求中的差异评论"
    assert gitlab.calls[2:] == [("GET", notes_path, "secret"), ("PUT", f"{notes_path}/8", "secret")]
    assert [n["body"] for n in gitlab.notes] == ["LGTM", f"{MARKER}\n## 预算差异\n无变化\n"]


def test_without_a_token_nothing_is_sent(gitlab: FakeGitLab, tmp_path: Path) -> None:
    diff = tmp_path / "diff.md"
    diff.write_text("x", encoding="utf-8")
    result = post(diff, gitlab, token="")
    assert result.returncode == 0 and "BUDGET_NOTE_TOKEN" in result.stdout and gitlab.calls == []


def test_a_refused_token_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    diff = tmp_path / "diff.md"
    diff.write_text("x", encoding="utf-8")
    with serving(Refusing) as server:
        result = post(diff, server)
    assert [c[0] for c in server.calls] == ["GET"]
    assert result.returncode == 0 and "警告：未能发表合并请求评论" in result.stderr and "401" in result.stderr


def test_a_missing_diff_file_is_a_warning(tmp_path: Path) -> None:
    result = post(tmp_path / "absent.md", None)
    assert result.returncode == 0 and "读不到" in result.stderr
