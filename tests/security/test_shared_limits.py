"""Two workers share the login limit through Redis (RATELIMIT_STORAGE_URI).

Each worker is its own Python process with its own app, as under gunicorn: three wrong logins on
one and three on the other make six, and the sixth is refused. With memory:// (the control) each
worker counts alone. Skipped, saying why, when Redis does not answer on 127.0.0.1:6379.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest

from mentoring import PROJECT_ROOT

REDIS_URI = "redis://127.0.0.1:6379"
WORKER = """
import json, sys
from mentoring import create_app
app = create_app("testing", SQLALCHEMY_DATABASE_URI=sys.argv[1], RATELIMIT_STORAGE_URI=sys.argv[2],
                 RATELIMIT_KEY_PREFIX=sys.argv[3], WTF_CSRF_ENABLED=False)
client = app.test_client()
print(json.dumps([client.post("/login", data={"email": "nobody@example.org",
                                              "password": "wrong"}).status_code
                  for _ in range(int(sys.argv[4]))]))
"""


def _redis():
    redis = pytest.importorskip("redis", reason="the redis package is not installed")
    client = redis.Redis.from_url(REDIS_URI, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis does not answer on {REDIS_URI} ({error.__class__.__name__})")
    return client


def _worker(database_url: str, storage: str, prefix: str, attempts: int) -> list[int]:
    result = subprocess.run([sys.executable, "-c", WORKER, database_url, storage, prefix,
                             str(attempts)], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "MENTORING_ENV": "testing"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def prefix():
    """A key prefix of its own, so runs never count each other's attempts; removed after."""
    name = f"mentoring-test-{uuid.uuid4().hex[:12]}"
    yield name
    try:
        client = _redis()
    except pytest.skip.Exception:
        return
    for key in client.scan_iter(match=f"*{name}*"):
        client.delete(key)


@pytest.mark.multiprocess
def test_two_workers_share_the_login_limit_through_redis(database_url, prefix):
    redis = _redis()
    assert _worker(database_url, REDIS_URI, prefix, 3) == [401, 401, 401]
    assert _worker(database_url, REDIS_URI, prefix, 3) == [401, 401, 429]
    assert any(True for _ in redis.scan_iter(match=f"*{prefix}*"))


@pytest.mark.multiprocess
def test_control_with_memory_storage_each_worker_counts_alone(database_url, prefix):
    assert _worker(database_url, "memory://", prefix, 3) == [401, 401, 401]
    assert _worker(database_url, "memory://", prefix, 3) == [401, 401, 401]
