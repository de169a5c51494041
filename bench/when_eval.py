"""Accuracy of zoomstack's scheduling parser against plain dateparser, on the same phrases.

    python bench/when_eval.py            # table, test split
    python bench/when_eval.py --json     # one JSON object of figures
    python bench/when_eval.py --split dev --misses   # what the parser gets wrong (dev only)

The phrases (bench/data/when_phrases.jsonl) carry their own `now` and zone and the expected
answer: start/end or window, duration, RRULE, or ambiguous. The dev split is for working on the
parser; the test split is held out and gives the reported figures. `evaluate()` is the entry
point for other benchmarks.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

DATA = Path(__file__).parent / "data" / "when_phrases.jsonl"


@dataclass(frozen=True)
class Answer:
    """One parser's answer, reduced to what the expectations check."""

    ambiguous: bool
    start: datetime | None = None
    end: datetime | None = None
    window: tuple[datetime, datetime] | None = None
    duration: int | None = None
    rrule: str | None = None
    confidence: float | None = None


def load(split: str = "test", path: Path = DATA) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [r for r in rows if split == "all" or r["split"] == split]


def ours(row: dict[str, Any]) -> Answer:
    from zoomstack.hub.scheduling import parse_when

    found = parse_when(row["text"], datetime.fromisoformat(row["now"]), row["tz"])
    window = (found.window.earliest, found.window.latest) if found.window else None
    return Answer(
        found.ambiguous,
        found.start,
        found.end,
        window,
        found.duration_minutes,
        found.rrule,
        found.confidence,
    )


def plain_dateparser(row: dict[str, Any]) -> Answer:
    """dateparser as one would use it: search_dates, else parse, relative to the row's now."""
    import dateparser
    from dateparser.search import search_dates

    zone = ZoneInfo(row["tz"])
    now = datetime.fromisoformat(row["now"]).astimezone(zone)
    settings = {
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "PREFER_DATES_FROM": "future",
        "TIMEZONE": row["tz"],
        "TO_TIMEZONE": row["tz"],
        "RETURN_AS_TIMEZONE_AWARE": True,
    }
    found = search_dates(row["text"], languages=["en"], settings=settings)  # type: ignore[arg-type]
    moment = (
        found[0][1] if found else dateparser.parse(row["text"], languages=["en"], settings=settings)
    )  # type: ignore[arg-type]
    if moment is None:
        return Answer(ambiguous=True)  # found no time: the nearest it comes to "ambiguous"
    return Answer(False, moment, moment + timedelta(minutes=30), None, 30, None)


def _rule_parts(rule: str | None) -> dict[str, str] | None:
    if rule is None:
        return None
    parts = dict(p.split("=", 1) for p in rule.removeprefix("RRULE:").split(";"))
    parts.pop("INTERVAL", None) if parts.get("INTERVAL") == "1" else None
    if "UNTIL" in parts:
        parts["UNTIL"] = parts["UNTIL"][:8]
    if "BYDAY" in parts:
        parts["BYDAY"] = ",".join(sorted(parts["BYDAY"].split(",")))
    return parts


def _same(a: datetime | None, b: str | None) -> bool:
    return a is not None and b is not None and a == datetime.fromisoformat(b)


def _timing_ok(answer: Answer, expect: dict[str, Any]) -> bool:
    if "window" in expect:
        return answer.window is not None and all(map(_same, answer.window, expect["window"]))
    return _same(answer.start, expect["start"]) and _same(answer.end, expect["end"])


def _first_day(answer: Answer, zone: ZoneInfo) -> Any:
    moment = answer.start or (answer.window[0] if answer.window else None)
    return None if moment is None else moment.astimezone(zone).date()


def judge(answer: Answer, row: dict[str, Any]) -> dict[str, bool | None]:
    """Per-row checks; None where a check does not apply to the row."""
    expect = row["expect"]
    if expect["ambiguous"]:
        return {
            "exact": answer.ambiguous,
            "ambiguity": answer.ambiguous,
            "start": None,
            "day": None,
            "rrule": None,
        }
    zone = ZoneInfo(row["tz"])
    expected_first = datetime.fromisoformat(
        expect["start"] if "start" in expect else expect["window"][0]
    )
    timing = not answer.ambiguous and _timing_ok(answer, expect)
    rule_ok = _rule_parts(answer.rrule) == _rule_parts(expect["rrule"])
    return {
        "exact": timing and answer.duration == expect["duration_minutes"] and rule_ok,
        "ambiguity": not answer.ambiguous,
        "start": _same(answer.start, expect.get("start")) if "start" in expect else None,
        "day": _first_day(answer, zone) == expected_first.astimezone(zone).date(),
        "rrule": rule_ok if expect["rrule"] else None,
    }


def _ratio(values: Iterable[bool | None]) -> float:
    kept = [v for v in values if v is not None]
    return round(sum(kept) / len(kept), 3) if kept else 0.0


def _run(
    parser: Callable[[dict[str, Any]], Answer], rows: list[dict[str, Any]]
) -> tuple[list[Answer], float]:
    began = time.perf_counter()
    answers = [parser(r) for r in rows]
    return answers, (time.perf_counter() - began) * 1000 / max(len(rows), 1)


def _figures(
    name: str, answers: list[Answer], rows: list[dict[str, Any]], ms: float
) -> dict[str, float]:
    checks = [judge(a, r) for a, r in zip(answers, rows, strict=True)]
    figures = {
        f"{name}_{key}_ratio": _ratio(c[key] for c in checks)
        for key in ("exact", "start", "day", "ambiguity", "rrule")
    }
    figures[f"{name}_ms_per_phrase"] = round(ms, 2)
    return figures


def _brier(answers: list[Answer], rows: list[dict[str, Any]]) -> float:
    """Mean squared gap between confidence and being right (0 is perfect calibration)."""
    pairs = [
        (a.confidence or 0.0, bool(judge(a, r)["exact"]))
        for a, r in zip(answers, rows, strict=True)
    ]
    pairs = [
        (c, ok) for (c, ok), r in zip(pairs, rows, strict=True) if not r["expect"]["ambiguous"]
    ]
    return round(sum((c - ok) ** 2 for c, ok in pairs) / max(len(pairs), 1), 3)


def evaluate(split: str = "test", path: Path = DATA) -> dict[str, float]:
    """Figures for our parser and plain dateparser on one split of the phrases, in one run."""
    rows = load(split, path)
    mine, mine_ms = _run(ours, rows)
    theirs, theirs_ms = _run(plain_dateparser, rows)
    figures: dict[str, float] = {"phrases": float(len(rows))}
    figures |= _figures("ours", mine, rows, mine_ms)
    figures |= _figures("dateparser", theirs, rows, theirs_ms)
    figures["ours_brier"] = _brier(mine, rows)
    return figures


def misses(split: str = "dev", path: Path = DATA) -> list[str]:
    lines = []
    for row in load(split, path):
        answer = ours(row)
        if not judge(answer, row)["exact"]:
            lines.append(f"{row['id']}: {row['text']!r}\n   got {answer}\n  want {row['expect']}")
    return lines


def _table(figures: dict[str, float]) -> str:
    lines = [f"{int(figures['phrases'])} phrases", f"{'check':<12}{'ours':>10}{'dateparser':>12}"]
    for key in ("exact", "start", "day", "ambiguity", "rrule"):
        lines.append(
            f"{key:<12}{figures[f'ours_{key}_ratio']:>10.3f}{figures[f'dateparser_{key}_ratio']:>12.3f}"
        )
    lines.append(
        f"{'ms/phrase':<12}{figures['ours_ms_per_phrase']:>10.2f}{figures['dateparser_ms_per_phrase']:>12.2f}"
    )
    lines.append(
        f"ours Brier score (confidence vs right, lower is better): {figures['ours_brier']:.3f}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], default="test")
    parser.add_argument("--json", action="store_true", help="print one JSON object of figures")
    parser.add_argument("--misses", action="store_true", help="list our wrong answers instead")
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    if args.misses:
        print("\n".join(misses(args.split, args.data)) or "no misses")
        return 0
    figures = evaluate(args.split, args.data)
    print(json.dumps(figures) if args.json else _table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
