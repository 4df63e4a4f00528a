"""The file interface: python -m matching on the documented example and on invalid input."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "cohort.json"


def run(*args):
    return subprocess.run([sys.executable, "-m", "matching", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_documented_example_prints_pairs_explanations_and_reasons():
    done = run(EXAMPLE)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    pairs = {(pair["mentee"], pair["mentor"]) for pair in result["pairs"]}
    assert pairs == {("e1", "m1"), ("e2", "m2"), ("e3", "m3")}
    first = result["pairs"][0]
    assert set(first["terms"]) == {"experiences", "goals", "age", "availability", "waiting"}
    assert "Tuesday and Thursday evenings" in first["explanation"]
    assert result["unmatched"][0]["mentee"] == "e4"
    assert result["unmatched"][0]["reasons"] == [{"code": "no_shared_language"}]
    assert result["unmatched"][0]["nearest_alternative"]["mentor"]
    assert result["objective"] == pytest.approx(sum(p["score"] for p in result["pairs"]))
    assert "feasible" not in result


def test_all_pairs_lists_every_feasible_pair():
    result = json.loads(run(EXAMPLE, "--all-pairs").stdout)
    listed = {(item["mentee"], item["mentor"]) for item in result["feasible"]}
    assert {("e1", "m1"), ("e3", "m3")} <= listed
    assert ("e1", "m3") not in listed  # excluded in the file


def broken(tmp_path, change):
    data = json.loads(EXAMPLE.read_text())
    change(data)
    path = tmp_path / "cohort.json"
    path.write_text(json.dumps(data))
    return run(path)


def set_in(path, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


@pytest.mark.parametrize(("change", "expected"), [
    (set_in(["mentees", 0, "timezone"], "Europe/Pariss"),
     ['mentee "e1"', "timezone", "unknown time zone"]),
    (set_in(["mentors", 1, "availability", 0, "end"], "13:00"),
     ['mentor "m2"', "availability[0].end"]),
    (set_in(["mentors", 0, "capacity"], -1), ['mentor "m1"', "capacity"]),
    (set_in(["mentees", 1, "id"], "e1"), ['mentee "e1"', "duplicate id"]),
    (set_in(["mentees", 2, "languages"], "fr"), ['mentee "e3"', "languages"]),
    (set_in(["mentees", 0, "age"], "sixteen"), ['mentee "e1"', "age"]),
    (set_in(["mentees", 0, "minor"], "yes"), ['mentee "e1"', "minor"]),
    (set_in(["rules", "reference_week"], "2026-12-01"), ["rules", "reference_week", "Monday"]),
    (set_in(["excluded"], [["e1", "m9"]]), ["excluded[0]", "m9"]),
])
def test_invalid_input_exits_with_one_clear_message(tmp_path, change, expected):
    done = broken(tmp_path, change)
    assert done.returncode != 0
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    for fragment in expected:
        assert fragment in done.stderr


def test_unreadable_json_is_reported(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    done = run(path)
    assert done.returncode != 0 and "not valid JSON" in done.stderr
