"""Our matcher against mentor-match 7.0.1 (PyPI) on the same cohort, in one run.

Usage: python bench/peer_comparison.py [--mentees 2000] [--mentors 1000] [--capacity 2]
                                       [--peer-mode rounds|slots] [--venv DIR] [--seed 0]

The script creates a virtual environment (default bench/.peer-venv, reused when present),
installs mentor-match==7.0.1 into it with pip, writes one generated cohort to a JSON file
and runs each matcher on it in its own subprocess. Each child reports its wall time (from
reading the JSON to having the pairs; imports are not timed) and its own peak RSS
(ru_maxrss); ours also reports a second call in the same process. The parent then
scores both sets of pairs with our `matching.score_pair`, so objectives are comparable and
any pair breaking a hard rule is counted.

The cohort: everyone speaks one or two languages (shares as in matching.synthetic), lists
1-4 half-days of the week (Monday morning ... Sunday afternoon) in one time zone, lived
experiences, goals or topics, age and (mentees) days waiting. Hard rules: a shared
language and a shared half-day. The soft score is ours (docs/matching.md); mentor-match
gets it as a rule that returns the same integer score plus a constant for any allowed
pair, so both maximise the number matched and then the total score.

mentor-match has no mentor capacity; its documented way to give a mentor several mentees is
several matching exercises ("rounds"), one Munkres run each, with `UnmatchedBonus` favouring
people still unmatched. `--peer-mode slots` instead gives it each mentor `capacity` times
(distinct copies) in a single exercise, which is optimal but not how its README drives it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PEER_PACKAGE = "mentor-match==7.0.1"
HERE = Path(__file__).resolve().parent
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HALVES = {"am": (8 * 60, 12 * 60), "pm": (14 * 60, 18 * 60)}  # 4 h each, never adjacent
ZONE = "Europe/Paris"
WEIGHTS = {"experiences": 3, "goals": 2, "age": 1, "availability": 1, "waiting": 1}
AGE_SPAN, WAITING_CAP, AVAILABILITY_CAP, SCALE = 20, 90, 240, 10_000
LANGUAGES, LANGUAGE_SHARES = ("fr", "en", "ar", "es", "pt"), (0.72, 0.16, 0.06, 0.04, 0.02)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------- the shared cohort


def generate(n_mentees: int, n_mentors: int, capacity: int, seed: int) -> dict:
    """A reproducible cohort as plain data (no library needed to read it)."""
    rng = random.Random(seed)
    experiences = [f"experience-{k:02d}" for k in range(30)]
    topics = [f"topic-{k:02d}" for k in range(15)]
    popularity = [1 / (k + 1) ** 0.8 for k in range(30)]

    def tags(vocabulary, low, high):
        picked = set()
        size = rng.randint(low, high)
        while len(picked) < size:
            picked.add(rng.choices(range(len(vocabulary)), popularity[:len(vocabulary)])[0])
        return [vocabulary[k] for k in sorted(picked)]

    def languages(bilingual):
        first = rng.choices(LANGUAGES, LANGUAGE_SHARES)[0]
        return [first, "en" if first != "en" else "fr"] if rng.random() < bilingual else [first]

    def half_days():
        count = rng.randint(1, 4)
        picked = set()
        while len(picked) < count:  # evenings are rarer than afternoons in this programme
            picked.add(f"{rng.choice(DAYS)}-{rng.choices(('am', 'pm'), (0.35, 0.65))[0]}")
        return sorted(picked, key=lambda h: (DAYS.index(h[:3]), h[4:]))

    mentees = [{"id": f"e{k}", "languages": languages(0.25), "half_days": half_days(),
                "experiences": tags(experiences, 1, 4), "goals": tags(topics, 1, 3),
                "age": rng.randint(14, 25), "waiting_days": rng.randint(0, 180)}
               for k in range(n_mentees)]
    mentors = [{"id": f"m{k}", "languages": languages(0.4), "half_days": half_days(),
                "experiences": tags(experiences, 2, 5), "topics": tags(topics, 2, 4),
                "age": rng.randint(18, 35), "capacity": capacity}
               for k in range(n_mentors)]
    return {"mentees": mentees, "mentors": mentors}


def units(mentee: dict, mentor: dict) -> int:
    """Our soft score of a pair that passes the hard rules, in 1/10000 (pure Python)."""
    def share(mine, theirs):
        return len(set(mine) & set(theirs)) / len(mine) if mine else 0.0

    common = AVAILABILITY_CAP * len(set(mentee["half_days"]) & set(mentor["half_days"]))
    terms = {"experiences": share(mentee["experiences"], mentor["experiences"]),
             "goals": share(mentee["goals"], mentor["topics"]),
             "age": max(0.0, 1 - abs(mentee["age"] - mentor["age"]) / AGE_SPAN),
             "availability": min(common / AVAILABILITY_CAP, 1.0),
             "waiting": min(mentee["waiting_days"] / WAITING_CAP, 1.0)}
    total = sum(WEIGHTS[name] * value for name, value in terms.items())
    return round(SCALE * total / sum(WEIGHTS.values()))


# ---------------------------------------------------------------- our matcher (child)


def _our_cohort(data: dict):
    from datetime import date

    from matching import Cohort, Mentee, Mentor, Rules, WeeklyInterval, Weights

    def availability(half_days):
        return tuple(WeeklyInterval(DAYS.index(h[:3]), *HALVES[h[4:]]) for h in half_days)

    mentees = tuple(Mentee(id=p["id"], languages=tuple(p["languages"]), timezone=ZONE,
                           availability=availability(p["half_days"]),
                           experiences=tuple(p["experiences"]), goals=tuple(p["goals"]),
                           age=p["age"], waiting_days=p["waiting_days"])
                    for p in data["mentees"])
    mentors = tuple(Mentor(id=p["id"], languages=tuple(p["languages"]), timezone=ZONE,
                           availability=availability(p["half_days"]),
                           experiences=tuple(p["experiences"]), topics=tuple(p["topics"]),
                           age=p["age"], capacity=p["capacity"], minors_ok=True)
                    for p in data["mentors"])
    rules = Rules(reference_week=date(2026, 11, 30), session_minutes=60,
                  availability_cap_minutes=AVAILABILITY_CAP, waiting_cap_days=WAITING_CAP,
                  age_span_years=AGE_SPAN)
    return Cohort(mentees, mentors, rules, Weights(**WEIGHTS))


def run_ours(path: str) -> dict:
    sys.path.insert(0, str(HERE.parent))
    import matching  # noqa: F401  (imports are not part of the timed work)

    started, cpu = time.perf_counter(), _cpu_seconds()
    data = json.loads(Path(path).read_text())
    result = matching.solve(_our_cohort(data))
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    # The first call in a process also loads the compiled scan kernel from numba's cache
    # and imports OR-Tools; a long-running app pays that once. Both figures are reported.
    again = time.perf_counter()
    matching.solve(_our_cohort(data))
    warm = time.perf_counter() - again
    return {"seconds": seconds, "cpu_seconds": cpu, "warm_seconds": warm,
            "peak_rss_mib": _peak_mib(),
            "pairs": [[p.mentee, p.mentor] for p in result.pairs], "stats": {
                k: v for k, v in result.stats.items() if not k.startswith("seconds")}}


# ---------------------------------------------------------------- mentor-match (child)


def run_peer(path: str, mode: str, capacity: int) -> dict:
    """Drive mentor-match as its README does: Person objects, rules, process_data."""
    from matching.mentee import Mentee
    from matching.mentor import Mentor
    from matching.rules import rule as rl

    from matching import process

    started, cpu = time.perf_counter(), _cpu_seconds()
    data = json.loads(Path(path).read_text())
    base = SCALE * len(data["mentees"]) + 1  # one more pair beats any score gain

    def person(kind, record, email):
        who = kind(email=email, grade=0, **{"first name": record["id"]})
        who.record = record
        who.languages, who.half_days = set(record["languages"]), set(record["half_days"])
        return who

    mentees = [person(Mentee, p, p["id"]) for p in data["mentees"]]
    copies = capacity if mode == "slots" else 1
    mentors = [person(Mentor, p, f"{p['id']}#{c}") for p in data["mentors"] for c in range(copies)]

    class Score(rl.Rule):
        """Our integer score, plus `base` for any allowed pair (applied last)."""

        def apply(self, match) -> int:
            return base + units(match.mentee.record, match.mentor.record)

        def evaluate(self, match) -> bool:
            return True

    # Match pops rules from the end: the hard rules run first, the score only if allowed.
    hard = [rl.Disqualify(lambda m: not (m.mentee.languages & m.mentor.languages)),
            rl.Disqualify(lambda m: not (m.mentee.half_days & m.mentor.half_days))]
    if mode == "slots":
        rounds = [[Score(), *hard]]
    else:  # one exercise per place; later ones favour whoever is still unmatched
        rounds = [[Score(), *hard]] + [[Score(), rl.UnmatchedBonus(base * 2), *hard]
                                      for _ in range(capacity - 1)]
    mentors, mentees = process.process_data(mentors, mentees, rounds)
    pairs = [[mentee.record["id"], mentor.record["id"]]
             for mentee in mentees for mentor in mentee.mentors]
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_rss_mib": _peak_mib(), "pairs": pairs}


# ---------------------------------------------------------------- the parent


def ensure_venv(venv: Path) -> Path:
    python = venv / "bin" / "python"
    probe = [str(python), "-c", "import importlib.metadata as m; print(m.version('mentor-match'))"]
    if python.exists() and subprocess.run(probe, capture_output=True, text=True).stdout.strip() \
            == PEER_PACKAGE.split("==")[1]:
        return python
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", PEER_PACKAGE], check=True)
    return python


def _child(python: Path, *args: str, timeout: float) -> dict:
    # Run from bench/ with a clean path, so the peer's top-level `matching` package is the
    # one it imports, never ours.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([str(python), str(Path(__file__).resolve()), "--child", *args],
                          capture_output=True, text=True, timeout=timeout, cwd=HERE, env=env)
    if done.returncode != 0:
        raise SystemExit(f"child {args[0]} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def _summary(name: str, run: dict, cohort, capacity: int) -> dict:
    import numpy as np

    from matching.features import encode
    from matching.scoring import ScoringContext, evaluate

    mentee_index = {p.id: k for k, p in enumerate(cohort.mentees)}
    mentor_index = {p.id: k for k, p in enumerate(cohort.mentors)}
    rows = np.array([mentee_index[e] for e, _ in run["pairs"]], dtype=np.int64)
    cols = np.array([mentor_index[m] for _, m in run["pairs"]], dtype=np.int64)
    evaluation = evaluate(ScoringContext.build(encode(cohort), cohort.rules, cohort.weights),
                          rows, cols)  # our scores and hard rules, all pairs at once
    per_mentee = np.bincount(rows, minlength=len(cohort.mentees))
    per_mentor = np.bincount(cols, minlength=len(cohort.mentors))
    return {"matcher": name, "seconds": round(run["seconds"], 2),
            "cpu_seconds": round(run["cpu_seconds"], 2),
            **({"seconds_second_call": round(run["warm_seconds"], 2)}
               if "warm_seconds" in run else {}),
            "peak_rss_mib": round(run["peak_rss_mib"], 1), "pairs": len(rows),
            "mentees_matched": int((per_mentee > 0).sum()),
            "mentees_unmatched": int((per_mentee == 0).sum()),
            "mentees_with_two_or_more_mentors": int((per_mentee > 1).sum()),
            "mentors_over_capacity": int((per_mentor > capacity).sum()),
            "pairs_breaking_a_hard_rule": int((~evaluation.feasible).sum()),
            "objective": round(int(evaluation.score[evaluation.feasible].sum()) / SCALE, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=2000)
    parser.add_argument("--mentors", type=int, default=1000)
    parser.add_argument("--capacity", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--peer-mode", choices=("rounds", "slots"), default="rounds")
    parser.add_argument("--venv", type=Path, default=HERE / ".peer-venv")
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, path, *rest = args.child
        out = run_ours(path) if kind == "ours" else run_peer(path, rest[0], int(rest[1]))
        print(json.dumps(out))
        return
    sys.path.insert(0, str(HERE.parent))
    peer_python = ensure_venv(args.venv)
    data = generate(args.mentees, args.mentors, args.capacity, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "cohort.json")
        Path(path).write_text(json.dumps(data))
        load_before = os.getloadavg()[0]
        ours = _child(Path(sys.executable), "ours", path, timeout=args.timeout)
        peer = _child(peer_python, "peer", path, args.peer_mode, str(args.capacity),
                      timeout=args.timeout)
        load_after = os.getloadavg()[0]
    cohort = _our_cohort(data)
    rows = [_summary("ours", ours, cohort, args.capacity),
            _summary(f"mentor-match 7.0.1 ({args.peer_mode})", peer, cohort, args.capacity)]
    print(f"{args.mentees:,} mentees x {args.mentors:,} mentors, capacity {args.capacity}, "
          f"hard rules: shared language, shared half-day; load average (1 min) "
          f"{load_before:.1f} before, {load_after:.1f} after; our solver: {ours['stats']}")
    for row in rows:
        print(json.dumps(row))
    speed = rows[1]["seconds"] / rows[0]["seconds"]
    warm = rows[1]["seconds"] / rows[0]["seconds_second_call"]
    memory = rows[1]["peak_rss_mib"] / rows[0]["peak_rss_mib"]
    cpu = rows[1]["cpu_seconds"] / rows[0]["cpu_seconds"]
    print(f"ours is {speed:.0f}x faster on its first call in a fresh process ({warm:.0f}x on a "
          f"second call; {cpu:.0f}x in CPU time; target >= 100x) and uses 1/{memory:.1f} of the "
          f"memory (target <= 1/10)")


if __name__ == "__main__":
    main()
