"""fix(fix(x)) == fix(x) on generated notes, and a fixed note has no fixable finding left."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultkit.config import CheckConfig
from vaultkit.edit.commit import commit
from vaultkit.lint.engine import check_path
from vaultkit.lint.fixes import fixes_for, vault_context
from vaultkit.lint.fixes.apply import FixPolicy, fix_vault

NAMES = st.sampled_from(["Alpha", "Beta Note", "Tee", "gamma", "Alpha#H", "Beta Note#^b1"])
LINK = st.builds(lambda n, d: f"[[{n}{'|' + d if d else ''}]]", NAMES,
                 st.sampled_from(["", "shown", "x y"]))
PROPERTY = st.one_of(
    st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(["up", "tag", "alias", "cssclass", "tags"]),
              st.one_of(LINK, st.just("plain"), LINK.map(lambda x: f'"{x}"'))),
    st.builds(lambda v: f"list:\n  - {v}", LINK),
)
BODY = st.one_of(
    LINK,
    LINK.map(lambda x: f"`{x}`"),
    LINK.map(lambda x: f"| a | {x} |\n|---|---|\n| {x} | b |\n"),
    LINK.map(lambda x: f"%% {x} %%"),
    st.just("# H\n"),
    st.just("para ^b1\n"),
    st.text(alphabet="ab |[]#\n", max_size=12),
)
NOTE = st.builds(
    lambda props, body: ("---\n" + "\n".join(props) + "\n---\n" if props else "") + " ".join(body),
    st.lists(PROPERTY, max_size=3, unique_by=lambda p: p.split(":")[0]),
    st.lists(BODY, max_size=6),
)
TARGETS = {
    "Alpha.md": "---\naliases: [Tee]\n---\n# H\n",
    "Beta Note.md": "para ^b1\n",
}


def fixed_tree(root: Path, unsafe: bool) -> dict[str, str]:
    run = fix_vault(root, CheckConfig(), FixPolicy(unsafe=unsafe), jobs=1)
    if run.changed():
        commit(root, run.writes())
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(root.glob("*.md"))}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NOTE, st.booleans())
def test_fixing_twice_is_fixing_once(text: str, unsafe: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, body in TARGETS.items():
            (root / name).write_text(body, encoding="utf-8")
        (root / "Note.md").write_text(text, encoding="utf-8")
        once = fixed_tree(root, unsafe)
        twice = fixed_tree(root, unsafe)
        assert twice == once
        result = check_path(root, CheckConfig(), jobs=1)
        left = fixes_for(result.findings, vault_context(root, CheckConfig()))
        policy = FixPolicy(unsafe=unsafe)
        assert not [f for f, fix in left.items() if policy.allows(f, fix)]
