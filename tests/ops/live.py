"""Real processes for operations tests: gunicorn instances, and a browser-like HTTP client.

Every process is started in its own process group and stopped by its pid (SIGTERM, then SIGKILL
of that group after a bounded wait), so nothing else running on the machine is touched.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyotp

from tests.meetings.smtp_server import free_port

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "ops-tests-shared-secret-" + "k3Yq9ZrT2vW8xL5mN7pB4cD6"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def app_environment(database_url: str, instance: Path, smtp_port: int | None = None) -> dict:
    """What a deployment sets, for plain-HTTP test servers (development: no Secure cookies)."""
    env = {**os.environ, "MENTORING_ENV": "development", "DATABASE_URL": database_url,
           "MENTORING_SECRET_KEY": SECRET_KEY, "MENTORING_INSTANCE_PATH": str(instance),
           "MENTORING_BASE_URL": "http://mentoring.test", "MENTORING_LOGIN_RATE_LIMIT":
           "1000 per minute", "PYTHONPATH": str(ROOT)}
    if smtp_port is not None:
        env.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp_port), MAIL_USE_TLS="0")
    return env


class Gunicorn:
    """`gunicorn -w N 'mentoring.wsgi:app'` (or another WSGI app) on a free local port."""

    def __init__(self, env: dict, log: Path, workers: int = 2, app: str = "mentoring.wsgi:app",
                 ready_path: str = "/help"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log, self.ready_path = log, ready_path
        self._log_file = open(log, "wb")  # noqa: SIM115  (closed in stop())
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-b", f"127.0.0.1:{self.port}",
             "-w", str(workers), "--timeout", "60", app],
            env=env, cwd=ROOT, stdout=self._log_file, stderr=subprocess.STDOUT,
            start_new_session=True)

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError(f"gunicorn not ready after {timeout} s: {self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        stop_process(self.process)
        self._log_file.close()


def stop_process(process: subprocess.Popen, timeout: float = 10.0) -> None:
    """SIGTERM the process, then SIGKILL its own process group if it is still there."""
    if process.poll() is None:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=timeout)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # its workers too; the group is the one we made
    if process.poll() is None:
        process.wait(timeout=timeout)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser: its own cookies; redirects are returned, not followed."""

    def __init__(self, base_url: str, language: str = "fr"):
        self.base_url = base_url
        self.language = language
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect)

    def request(self, path: str, data: dict | None = None, timeout: float = 30.0):
        """(status, body text, Location header) of a GET, or of a POST when `data` is given."""
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body,
                                         headers={"Accept-Language": self.language})
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode(), response.headers["Location"]
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers["Location"]

    def csrf_token(self, path: str = "/help") -> str:
        """The token every form of this session carries (the language switch is on each page)."""
        status, page, _location = self.request(path)
        found = CSRF.search(page)
        assert found, f"no CSRF token on {path} ({status})"
        return found.group(1)

    def post_form(self, path: str, data: dict):
        return self.request(path, {**data, "csrf_token": self.csrf_token()})

    def log_in(self, email: str, password: str, totp_secret: str | None = None) -> None:
        """Log in through the forms, with the two-factor code step when the account has one."""
        status, _page, location = self.post_form(
            "/login", {"email": email, "password": password})
        assert status == 302, f"login of {email} answered {status}"
        if (location or "").endswith("/login/code"):
            assert totp_secret, f"{email} has two-factor authentication: pass its TOTP secret"
            status, _page, _location = self.post_form(
                "/login/code", {"code": pyotp.TOTP(totp_secret).now()})
            assert status == 302, f"the two-factor code of {email} answered {status}"

    def session_cookie(self) -> str:
        """The Cookie header value, for a load generator that replays this session."""
        return "; ".join(f"{c.name}={c.value}" for c in self.cookies)
