"""Post a Markdown file as a merge request note on GitLab, or update the one posted before.

Used by .gitlab-ci.yml to show `python -m generator diff` on the merge request (docs/ci.md). Only the
Python standard library, and only the GitLab instance itself is contacted (`CI_API_V4_URL`).

    python scripts/gitlab_note.py diff.md

Reads the CI variables `CI_API_V4_URL`, `CI_PROJECT_ID`, `CI_MERGE_REQUEST_IID`, and the token in
`BUDGET_NOTE_TOKEN` (a project access token with the `api` scope, role Reporter or above; the job
token cannot write notes). Without a token it says so and exits 0: the diff stays a job artifact.
A note is found again by a marker on its first line, so each push updates one note instead of
adding another. A failure to post is reported as a warning and exits 0: the comment is a
convenience, the checks decide whether the pipeline passes.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

MARKER = "<!-- budget-diff -->"
LIMIT = 900_000  # GitLab notes hold 1,000,000 characters
TIMEOUT = 30


def api(method: str, url: str, token: str, body: dict[str, str] | None = None) -> Any:
    data = urllib.parse.urlencode(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"PRIVATE-TOKEN": token})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return json.loads(response.read().decode("utf-8"))


def find_note(notes_url: str, token: str) -> int | None:
    """The id of the note posted by an earlier run, looked for page by page."""
    page = 1
    while True:
        notes = api("GET", f"{notes_url}?per_page=100&sort=asc&page={page}", token)
        for note in notes:
            if str(note.get("body", "")).startswith(MARKER):
                return int(note["id"])
        if len(notes) < 100:
            return None
        page += 1


def post(text: str, env: dict[str, str]) -> str:
    token = env.get("BUDGET_NOTE_TOKEN", "")
    if not token:
        return "未设置 CI/CD 变量 BUDGET_NOTE_TOKEN，不发表评论；差异见本作业的工件 diff.md（设置方法见 docs/ci.md）"
    missing = [k for k in ("CI_API_V4_URL", "CI_PROJECT_ID", "CI_MERGE_REQUEST_IID") if not env.get(k)]
    if missing:
        return f"不在合并请求流水线中（缺少 {'、'.join(missing)}），不发表评论"
    if len(text) > LIMIT:
        text = text[:LIMIT] + "\n\n……（内容过长已截断，完整内容见本作业的工件 diff.md）\n"
    body = {"body": f"{MARKER}\n{text}"}
    project = urllib.parse.quote(env["CI_PROJECT_ID"], safe="")
    api_root = env["CI_API_V4_URL"].rstrip("/")
    notes_url = f"{api_root}/projects/{project}/merge_requests/{env['CI_MERGE_REQUEST_IID']}/notes"
    note = find_note(notes_url, token)
    if note is None:
        api("POST", notes_url, token, body)
        return "已在合并请求中发表差异评论"
    api("PUT", f"{notes_url}/{note}", token, body)
    return "已更新合并请求中的差异评论"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("用法：python scripts/gitlab_note.py FILE.md", file=sys.stderr)
        return 2
    try:
        text = Path(argv[0]).read_text(encoding="utf-8")
    except OSError as exc:  # diff did not get to write it: its own step has said why
        print(f"警告：读不到 {argv[0]}（{exc.strerror or exc}），不发表评论", file=sys.stderr)
        return 0
    try:
        print(post(text, dict(os.environ)))
    except (urllib.error.URLError, OSError, ValueError, KeyError) as exc:
        print(f"警告：未能发表合并请求评论（{exc}）；差异见本作业的工件 diff.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
