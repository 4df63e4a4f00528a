"""Style-guide rule: imports point down the layers, never back up.

Each module of `mentoring/` belongs to one layer (the longest matching prefix in LAYERS wins). At
run time a module may import its own feature and any layer below its own; imports inside
`if TYPE_CHECKING:` only name classes for annotations and are not counted. A new arrow that runs
back up fails here: move the shared piece down, pass the value in, or let the caller that owns the
transaction call both features.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "mentoring"

# Bottom first: (layer, its features, whether its features may import each other). A module's
# feature is the longest prefix listed; "mentoring" alone is the app factory module.
LAYERS: list[tuple[str, list[str], bool]] = [
    ("foundation", [
        "mentoring.extensions", "mentoring.clock", "mentoring.types", "mentoring.errors",
        "mentoring.i18n", "mentoring.mail", "mentoring.database",
        "mentoring.core.audit", "mentoring.core.fields", "mentoring.core.errors",
        "mentoring.core.headers", "mentoring.core.input_guard", "mentoring.core.deployment",
        "mentoring.core.dates",
        # role_required and login_required: every feature's pages use them (file kept in accounts/)
        "mentoring.accounts.access",
    ], True),
    ("notify", ["mentoring.notify"], False),
    ("accounts", ["mentoring.accounts"], False),
    ("profiles", ["mentoring.profiles"], False),
    ("pairing", ["mentoring.pairing"], False),
    ("meetings", ["mentoring.meetings"], False),
    ("safety", ["mentoring.safety"], False),
    ("conversations", ["mentoring.conversations"], False),
    # Match agreements and shared goals: read matches (pairing), never meetings or safety pages.
    ("agreements", ["mentoring.agreements"], False),
    ("health", ["mentoring.health"], False),
    # Questionnaires as data, their answers and the match-survival estimate.
    ("outcomes", ["mentoring.outcomes"], False),
    # Match support: coordinators' contacts, the schedule, early warning (reads meetings, safety).
    ("support", ["mentoring.support"], False),
    # Export and erasure of a person's data read and change every feature (files kept in accounts/).
    ("data rights", ["mentoring.accounts.data_rights", "mentoring.accounts.rights_views",
                     "mentoring.accounts.data_export"], True),
    ("programme", ["mentoring.programme"], False),
    # The JSON API: a thin layer over the pages' services (imports, rounds, approvals).
    ("api", ["mentoring.api"], False),
    ("shell", [
        "mentoring.core", "mentoring.jobs", "mentoring.cli", "mentoring.models",
        "mentoring.wsgi", "mentoring",
    ], True),
]

# (importing module, imported module) -> why this arrow may run back up for now. Aim: empty.
ALLOWED_BACK_UP: dict[tuple[str, str], str] = {
    ("mentoring.accounts.verification", "mentoring.profiles.models"):
        "a newer sign-up of an unconfirmed address replaces the empty profile of its role",
    ("mentoring.safety.models", "mentoring.conversations.models"):
        "a concern can name the reported message it is about (a foreign key and relationship)",
    ("mentoring.accounts.services", "mentoring.profiles.models"):
        "signing up creates the empty profile of the person's role in the same transaction",
    ("mentoring.accounts.services", "mentoring.safety.resources"):
        "the countries a person may choose are those with crisis resources (shipped or added)",
    ("mentoring.accounts.views", "mentoring.safety.resources"):
        "the sign-up and settings pages offer those countries by name",
    ("mentoring.pairing.services", "mentoring.meetings.services"):
        "closing a match cancels its remaining meetings in the same transaction; a signal "
        "would make a missing subscriber silent",
    ("mentoring.pairing.closing", "mentoring.safety.models"):
        "the closing survey is written when a match ends; its table is safety's",
    ("mentoring.pairing.views", "mentoring.safety.notes"):
        "the match page shows coordinators the notes the pair shared",
    ("mentoring.pairing.views", "mentoring.core.next_steps"):
        "the mentor's list page shows the same next steps as the home page",
}


def feature_of(module: str) -> tuple[int, str]:
    """(layer index, feature prefix) of a module: the longest prefix listed in LAYERS."""
    best: tuple[int, str] | None = None
    for index, (_, prefixes, _) in enumerate(LAYERS):
        for prefix in prefixes:
            nested = module.startswith(prefix + ".") and prefix != "mentoring"
            if (module == prefix or nested) and (best is None or len(prefix) > len(best[1])):
                best = (index, prefix)
    assert best is not None, f"{module} is in no layer: add it to LAYERS"
    return best


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def runtime_imports(tree: ast.AST, package: str):
    """Yield (line, imported module) for every import executed at run time."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if is_type_checking_block(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            yield node.lineno, module
            for alias in node.names:  # `from mentoring import cli` imports mentoring.cli
                yield node.lineno, f"{module}.{alias.name}"
        stack.extend(ast.iter_child_nodes(node))


def known_module(name: str) -> str | None:
    """The mentoring module or package that `name` denotes, or None for names inside modules."""
    path = ROOT.joinpath(*name.split("."))
    if path.with_suffix(".py").exists() or (path / "__init__.py").exists():
        return name
    return None


def arrows() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = module_name(path)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for line, imported in runtime_imports(ast.parse(path.read_text()), package):
            if imported.split(".")[0] == "mentoring" and known_module(imported):
                found.append((module, line, imported))
    return found


def back_up_arrows() -> list[str]:
    wrong = []
    for module, line, imported in arrows():
        (layer, feature), (other_layer, other) = feature_of(module), feature_of(imported)
        if feature == other or other_layer < layer or (other_layer == layer and LAYERS[layer][2]):
            continue
        if (module, imported) in ALLOWED_BACK_UP:
            continue
        why = "same layer" if other_layer == layer else "back up"
        wrong.append(f"{module}:{line} imports {imported} ({why}: "
                     f"{LAYERS[layer][0]} -> {LAYERS[other_layer][0]})")
    return wrong


def test_imports_point_down_the_layers():
    wrong = back_up_arrows()
    assert not wrong, "imports that run back up the layers:\n" + "\n".join(wrong)


def test_every_allowed_exception_is_still_needed():
    present = {(module, imported) for module, _, imported in arrows()}
    stale = sorted(set(ALLOWED_BACK_UP) - present)
    assert not stale, f"allowed exceptions no longer used, remove them: {stale}"


def test_the_checker_sees_a_back_up_import(tmp_path):
    tree = ast.parse("from mentoring.pairing.models import Match\n"
                     "if TYPE_CHECKING:\n    from mentoring.safety.models import Concern\n")
    imported = [name for _, name in runtime_imports(tree, "mentoring.accounts")]
    assert "mentoring.pairing.models" in imported
    assert "mentoring.safety.models" not in imported
    assert feature_of("mentoring.accounts.views")[0] < feature_of(imported[0])[0]
