"""Style-guide rule: matching imports only the standard library and numerical libraries.

numba (the compiled candidate scan) and OR-Tools (min-cost flow) are optional speed-ups;
the numpy scan and scipy's solvers stay as the reference paths the tests compare against.
"""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "matching"
ALLOWED = {"numpy", "scipy", "numba", "ortools", "matching"}


def test_importing_matching_pulls_in_no_web_or_database_code():
    code = ("import sys, matching, matching.__main__; "
            "print(sorted(m for m in ('flask', 'sqlalchemy', 'mentoring') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=PACKAGE.parent,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_every_import_is_stdlib_numpy_or_scipy():
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top in ALLOWED or top in sys.stdlib_module_names, (path.name, name)
