"""The diff for tools: the typed changes as JSON, amounts as strings (exact Decimals, never floats)."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import Any

from generator.diff.changes import TOTAL_LABELS, Diff, DisclosureDiff, FindingChanges, Totals
from generator.issues import finding_json
from generator.money import fmt

FORMAT_VERSION = 1


def render(diff: Diff) -> str:
    fc = diff.all_findings
    doc = {
        "version": FORMAT_VERSION,
        "old": dataclasses.asdict(diff.old), "new": dataclasses.asdict(diff.new),
        "comparable": diff.comparable,
        "summary": {
            "disclosures_changed": len(diff.disclosures),
            "by_status": {s: sum(1 for d in diff.disclosures if d.status == s)
                          for s in ("changed", "added", "removed")},
            "net": _totals(diff.net),
            "findings_introduced": len(fc.introduced), "findings_fixed": len(fc.fixed),
            "errors_introduced": len(fc.new_errors),
        },
        "disclosures": [_disclosure(d) for d in diff.disclosures],
        "shared": {"texts": [_text(t) for t in diff.shared_texts], "findings": _findings(diff.shared_findings)},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else fmt(value)


def _totals(t: Totals | None) -> dict[str, str | None] | None:
    return None if t is None else {field: _amount(getattr(t, field)) for field, _ in TOTAL_LABELS}


def _disclosure(d: DisclosureDiff) -> dict[str, Any]:
    return {
        "unit": d.code, "name": d.name, "year": d.year, "status": d.status, "file": d.file,
        "old_totals": _totals(d.old_totals), "new_totals": _totals(d.new_totals), "net": _totals(d.net),
        "tables": [{"number": t.number, "title": t.title, "unit": t.unit, "rows": [
            {"row": r.row, "unit_block": r.unit, "status": r.status, "amounts": [
                {"column": a.column, "old": _amount(a.old), "new": _amount(a.new), "change": _amount(a.delta)}
                for a in r.amounts]} for r in t.rows]} for t in d.tables],
        "projects": [{"name": p.name, "unit": p.unit, "status": p.status, "old": _amount(p.old),
                      "new": _amount(p.new), "change": _amount(p.delta)} for p in d.projects],
        "texts": [_text(t) for t in d.texts],
        "findings": _findings(d.findings),
    }


def _text(t: Any) -> dict[str, Any]:
    return {"path": t.path, "label": t.label, "status": t.status, "old": t.old, "new": t.new,
            "segments": [{"op": s.op, "text": s.text} for s in t.segments]}


def _findings(fc: FindingChanges) -> dict[str, list[dict[str, Any]]]:
    return {"introduced": [finding_json(f) for f in fc.introduced], "fixed": [finding_json(f) for f in fc.fixed]}
