"""Schemathesis against a live gunicorn: no 500, no answer outside the document, no open route.

It generates hundreds of requests from /api/v1/openapi.json (valid and invalid ones) with a read
token and with a write token, and checks every answer against the document (status codes,
content types, bodies, headers) and that no operation answers without the token. `.ci/run` runs
it in its own section (MENTORING_TEST_SCHEMATHESIS=1); it takes about a minute on a quiet machine.

Left out on purpose: "positive_data_acceptance" — a request can be valid for the schema and still
break a programme rule that no schema can say (an unknown tag, a taken address, a full mentor),
which is a 409/422 with a sentence, as on the pages.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mentoring.api.models import Scope
from tests.ops.live import Gunicorn, app_environment

pytestmark = pytest.mark.skipif(
    os.environ.get("MENTORING_TEST_SCHEMATHESIS") != "1"
    or not (Path(sys.executable).parent / "st").exists(),
    reason="a live fuzzing run (about a minute): MENTORING_TEST_SCHEMATHESIS=1 and schemathesis "
           "from the test extras; .ci/run runs it")


def test_schemathesis_finds_nothing_with_a_read_and_a_write_token(
        db, database_url, make_token, waiting_mentee, approved_mentor, tmp_path):
    waiting_mentee(), waiting_mentee(), approved_mentor(capacity=2)
    read, _t = make_token(Scope.READ, Scope.SAFEGUARDING)
    write, _t = make_token(Scope.WRITE)
    env = app_environment(database_url, tmp_path / "instance")
    env["MENTORING_API_RATE_LIMIT"] = "100000 per minute"
    server = Gunicorn(env, tmp_path / "gunicorn.log")
    try:
        server.wait_ready()
        for secret in (read, write):
            run = subprocess.run(
                [str(Path(sys.executable).parent / "st"), "run",
                 f"{server.url}/api/v1/openapi.json", "-H", f"Authorization: Bearer {secret}",
                 "--checks", "all", "--exclude-checks", "positive_data_acceptance",
                 "--max-examples", "15", "--generation-deterministic", "--no-color"],
                capture_output=True, text=True, timeout=600, cwd=tmp_path)
            assert run.returncode == 0, run.stdout[-6000:]
    finally:
        server.stop()
    assert "Traceback" not in (tmp_path / "gunicorn.log").read_text()

