"""Meeting intelligence benchmark: summaries, action items and speed, with baselines.

    python bench/intel.py                 # table: QMSum test split
    python bench/intel.py --json          # one JSON object of figures
    python bench/intel.py --split val     # tune on val; report on test

Summaries: ROUGE-1/2/L F1 (rouge-score, stemming) of the default engine's summary,
cut to 150 words, against each QMSum meeting's reference (the first general query's
answer), next to the first 150 words of the same transcript (lead-150), in one run.
Action items: precision/recall on bench/data/action_items.jsonl (labelled sentences:
written ones, and real meeting speech from QMSum val), with owner and due-date accuracy
on the items found. Speed: analyze() on a one-hour
transcript built from QMSum text with 0.4 s a word, as a multiple of real time.
The scheduling parser's own figures (bench/when_eval.py) are added when it is present.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import importlib.util
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rouge_score import rouge_scorer

sys.path.insert(0, str(Path(__file__).parent))

import qmsum
from zoomstack.hub.intel import analyze, parse_vtt
from zoomstack.hub.intel.actions import detect
from zoomstack.hub.intel.due import resolve_due
from zoomstack.hub.intel.extractive import ExtractiveEngine
from zoomstack.hub.intel.text import sentences

ACTIONS = Path(__file__).parent / "data" / "action_items.jsonl"
SPEAKERS = ["Alice Smith", "Bob Jones", "Carol Diaz", "Dan Wu"]
MEETING_DATE = dt.date(2024, 3, 6)
WORDS = 150
HOUR_SECONDS = 3600.0
DOMAINS = {"product": ("ES", "IS", "TS"), "academic": ("B",), "committee": ("covid", "education")}


def cut(text: str, words: int = WORDS) -> str:
    return " ".join(text.split()[:words])


def summary_figures(meetings: list[qmsum.Meeting]) -> dict[str, float]:
    """ROUGE F1 (percent) of the engine and of lead-150 over the meetings, per domain too."""
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    engine = ExtractiveEngine(words=WORDS)
    rows: list[tuple[str, dict[str, float], dict[str, float]]] = []
    for meeting in meetings:
        transcript = parse_vtt(meeting.vtt())
        ours = cut(engine.summarize(transcript, sentences(transcript)).text())
        lead = cut(" ".join(turn.text for turn in transcript.turns))
        rows.append(
            (
                meeting.name,
                _rouge(scorer, meeting.reference, ours),
                _rouge(scorer, meeting.reference, lead),
            )
        )
    figures = {"meetings": float(len(rows))}
    for metric in ("rouge1", "rouge2", "rougeL"):
        figures[f"{metric}_f1_pct"] = _mean(r[1][metric] for r in rows)
        figures[f"lead150_{metric}_f1_pct"] = _mean(r[2][metric] for r in rows)
    for domain, prefixes in DOMAINS.items():
        chosen = [r for r in rows if r[0].startswith(prefixes)]
        figures[f"{domain}_rouge1_f1_pct"] = _mean(r[1]["rouge1"] for r in chosen)
        figures[f"{domain}_lead150_rouge1_f1_pct"] = _mean(r[2]["rouge1"] for r in chosen)
    return figures


def _rouge(scorer: rouge_scorer.RougeScorer, reference: str, summary: str) -> dict[str, float]:
    scores = scorer.score(reference, summary)
    return {name: 100 * score.fmeasure for name, score in scores.items()}


def _mean(values: Any) -> float:
    values = list(values)
    return round(statistics.fmean(values), 2) if values else 0.0


def action_figures(path: Path = ACTIONS) -> dict[str, float]:
    """Action-item figures on the written sentences (dev and held-out), on the held-out ones
    alone (written after the rules last changed, never used to change them), and on real
    meeting speech: 50 QMSum val sentences, 25 drawn from those the detector flags and 25
    from those it passes over that still hold a future or request cue ("will", "can you").
    That draw makes the meeting precision a fair estimate; its recall is flattered."""
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    written = [row for row in rows if row["split"] in ("dev", "heldout")]
    figures = _action_scores("action", written)
    figures |= _action_scores("action_heldout", [r for r in rows if r["split"] == "heldout"])
    figures |= _action_scores(
        "action_meeting", [r for r in rows if r["split"] == "meeting_heldout"]
    )
    return figures


def _action_scores(prefix: str, rows: list[dict[str, Any]]) -> dict[str, float]:
    """Precision/recall of detection; owner and due-date accuracy on the items found."""
    hits = misses = false_alarms = owners = dated = dates = 0
    for row in rows:
        speakers = row.get("speakers", SPEAKERS)
        found = detect(row["sentence"], row["speaker"], speakers, row.get("addressee"))
        if found and not row["is_action"]:
            false_alarms += 1
        elif not found and row["is_action"]:
            misses += 1
        elif found and row["is_action"]:
            hits += 1
            owners += found.owner == row["owner"]
            if row["due_date"]:
                dated += 1
                due = resolve_due(found.due_phrase, MEETING_DATE) if found.due_phrase else None
                dates += due is not None and due.isoformat() == row["due_date"]
    precision = hits / (hits + false_alarms) if hits + false_alarms else 0.0
    recall = hits / (hits + misses) if hits + misses else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    figures = {
        f"{prefix}_sentences": float(len(rows)),
        f"{prefix}_precision": round(precision, 3),
        f"{prefix}_recall": round(recall, 3),
        f"{prefix}_f1": round(f1, 3),
        f"{prefix}_owner_accuracy": round(owners / hits, 3) if hits else 0.0,
    }
    if dated:
        figures[f"{prefix}_due_date_accuracy"] = round(dates / dated, 3)
    return figures


def hour_transcript(meetings: list[qmsum.Meeting]) -> str:
    """QMSum turns, meeting after meeting, until they fill one hour at 0.4 s a word."""
    turns: list[tuple[str, str]] = []
    seconds = 0.0
    for meeting in meetings:
        for speaker, text in meeting.turns:
            if seconds >= HOUR_SECONDS:
                return qmsum.to_vtt(turns)
            turns.append((speaker, text))
            seconds += max(1.0, qmsum.SECONDS_PER_WORD * len(text.split()))
    return qmsum.to_vtt(turns)


def speed_figures(meetings: list[qmsum.Meeting], runs: int = 3) -> dict[str, float]:
    """The first run loads the lexicons and segmenter rules; a worker keeps them loaded,
    so the speed is the best of the later runs."""
    vtt = hour_transcript(meetings)
    duration = parse_vtt(vtt).duration
    timings = [_timed(lambda: analyze(vtt, meeting_date=MEETING_DATE)) for _ in range(runs + 1)]
    best = min(timings[1:])
    return {
        "speed_transcript_seconds": round(duration, 1),
        "analyze_first_run_seconds": round(timings[0], 3),
        "analyze_seconds": round(best, 3),
        "speed_x_realtime": round(duration / best, 1),
    }


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def when_figures() -> dict[str, float]:
    """The scheduling parser's figures from bench/when_eval.py, when that script exists."""
    if importlib.util.find_spec("when_eval") is None:
        return {}
    module = importlib.import_module("when_eval")
    return {f"when_{key}": value for key, value in module.evaluate("test").items()}


def table(figures: dict[str, float]) -> str:
    lines = [
        f"QMSum summaries, {int(figures['meetings'])} meetings, {WORDS} words, ROUGE F1 %",
        f"  {'':<22}{'R-1':>8}{'R-2':>8}{'R-L':>8}",
        "  {:<22}{:>8.2f}{:>8.2f}{:>8.2f}".format(
            "zoomstack extractive",
            *(figures[f"{m}_f1_pct"] for m in ("rouge1", "rouge2", "rougeL")),
        ),
        "  {:<22}{:>8.2f}{:>8.2f}{:>8.2f}".format(
            "lead-150 (baseline)",
            *(figures[f"lead150_{m}_f1_pct"] for m in ("rouge1", "rouge2", "rougeL")),
        ),
    ]
    for domain in DOMAINS:
        lines.append(
            f"  R-1 {domain:<18}{figures[f'{domain}_rouge1_f1_pct']:>8.2f}  (lead-150 {figures[f'{domain}_lead150_rouge1_f1_pct']:.2f})"
        )
    lines += [
        *_action_lines(figures, "action", "written sentences (dev and held-out)"),
        *_action_lines(figures, "action_heldout", "held-out sentences"),
        *_action_lines(figures, "action_meeting", "sentences of real meetings (QMSum val)"),
        f"Speed: {figures['speed_transcript_seconds'] / 60:.0f}-minute transcript analysed in {figures['analyze_seconds']:.2f} s"
        f" = {figures['speed_x_realtime']:.0f}x real time (first run {figures['analyze_first_run_seconds']:.2f} s)",
    ]
    when = {k: v for k, v in figures.items() if k.startswith("when_")}
    if when:
        lines.append("Scheduling parser (bench/when_eval.py, test split)")
        lines += [f"  {key:<34}{value:>10.3f}" for key, value in when.items()]
    return "\n".join(lines)


def _action_lines(figures: dict[str, float], prefix: str, name: str) -> list[str]:
    return [
        f"Action items, {int(figures[f'{prefix}_sentences'])} {name}",
        f"  precision {figures[f'{prefix}_precision']:.3f}  recall {figures[f'{prefix}_recall']:.3f}"
        f"  F1 {figures[f'{prefix}_f1']:.3f}  owner right {figures[f'{prefix}_owner_accuracy']:.3f}"
        + (
            f"  due date right {figures[f'{prefix}_due_date_accuracy']:.3f}"
            if f"{prefix}_due_date_accuracy" in figures
            else ""
        )
        + " (of items found)",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["val", "test"], default="test")
    parser.add_argument("--limit", type=int, default=0, help="first N meetings only (quick runs)")
    parser.add_argument("--json", action="store_true", help="print one JSON object of figures")
    args = parser.parse_args(argv)
    meetings = qmsum.load(args.split)
    if args.limit:
        meetings = meetings[: args.limit]
    figures = summary_figures(meetings)
    figures |= action_figures()
    figures |= speed_figures(qmsum.load("test"))
    figures |= when_figures()
    print(json.dumps(figures) if args.json else table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
