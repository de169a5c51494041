"""Schemathesis against both apps' own OpenAPI documents, on a budget that suits `make test`.

The long runs (every phase, many more examples, every family of Zoom's files) are
`python bench/fuzz.py`; their figures are in the README's reliability section.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.fuzzing import (
    SCHEMA,
    SERVER_ERROR,
    STATUS,
    emulator_app,
    hub_app,
    run_fuzz,
)


def test_the_emulator_answers_every_operation_without_a_5xx_in_its_documented_shape(
    tmp_path: Path,
) -> None:
    # The coverage phase (7,000+ boundary cases here) runs in bench/fuzz.py.
    report = run_fuzz(
        "emulator",
        emulator_app(tmp_path),
        headers={"Authorization": "Bearer fuzz"},
        max_examples=5,
        checks=[SERVER_ERROR, SCHEMA],
        coverage=False,
    )
    assert report.operations >= 150 and report.cases >= 5 * 100, report.describe()
    assert report.phases["stateful"] > 0, report.describe()
    assert not report.server_errors and not report.responses_5xx, report.describe()
    assert not report.failures, report.describe()


@pytest.mark.parametrize("family", ["number-management", "qss", "chatbot"])
def test_the_emulator_answers_zooms_own_file_without_a_5xx_in_its_documented_shape(
    tmp_path: Path, family: str
) -> None:
    # Every family's file, operations answered by the generic mechanism included, is
    # bench/fuzz.py's `zoom` target; three small files here.
    report = run_fuzz(
        f"zoom-{family}",
        emulator_app(tmp_path),
        headers={"Authorization": "Bearer fuzz"},
        max_examples=2,
        checks=[SERVER_ERROR, SCHEMA],
        coverage=False,
        family=family,
    )
    assert report.operations >= 3 and report.cases >= 2 * report.operations, report.describe()
    assert not report.server_errors and not report.responses_5xx, report.describe()
    assert not report.failures, report.describe()


def test_the_hub_answers_every_operation_without_a_5xx_as_its_document_says(
    tmp_path: Path,
) -> None:
    app, headers = hub_app(tmp_path)
    report = run_fuzz(
        "hub", app, headers=headers, max_examples=3, checks=[SERVER_ERROR, SCHEMA, STATUS]
    )
    assert report.operations >= 60 and report.phases["coverage"] > 0, report.describe()
    assert not report.server_errors and not report.responses_5xx, report.describe()
    assert not report.failures, report.describe()
