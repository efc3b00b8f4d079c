"""Re-checking only what changed gives exactly the findings of a full check."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultkit.cache.store import SqliteNoteCache
from vaultkit.config import CheckConfig
from vaultkit.lint.engine import check_path
from vaultkit.lint.incremental import NoteView
from vaultkit.lint.report.result import CheckResult
from vaultkit.lint.rules import RULES
from vaultkit.lint.rules.registry import NOTE, VAULT
from vaultkit.lint.state import state_key
from vaultkit.lint.stored import load_state

EVERY_RULE = CheckConfig(select=("ALL",), hierarchy_properties=("broader", "parent"))

NAMES = ["Alpha", "Beta", "Gamma", "Sub/Delta", "Epsilon é", "Zeta"]
# files that can appear: names links already use (Missing, Nope, Al), a duplicate name in
# another folder, a near name of a broken link (Missin), a name of another note's alias
ADDED = ["Missing.md", "Sub/Beta.md", "Missin.md", "Al.md", "Nope.md", "New/Zeta.md"]
ALIASES = ["Missing", "Beta", "Al, Gamma", "Zeta", "Nope"]

# Bodies that make every rule speak: subpath links whose target's headings come and go, embeds
# that can cycle (whole notes and sections), hierarchy cycles, aliases (colliding), broken and
# ambiguous links, tables, bad YAML, suppressions, dead ends and orphans.
BODIES = [
    "# Top\n\nSee [[Beta#Top]] and [[Gamma#^blk]] and [[Alpha#Gone]].\n",
    "---\naliases: [Al, Gamma]\nbroader: '[[Alpha]]'\n---\n# Top\n## Sub\n\nA [[Missing]] ^blk\n",
    "![[Alpha]]\n\n# Part\n\n![[Beta#Top]] ![[Sub/Delta#Part]]\n",
    "---\nparent: '[[Beta]]'\nbad: [unclosed\n---\n[[Sub/Delta#^blk]] [[Zeta#Sub]]\n",
    "# Part\n\n![[Gamma#Part]]\n\n| a | [[Alpha|x]] |\n|---|---|\n\nplain ^blk\n",
    "%% vaultkit-ignore orphan %%\n---\nbroader: '[[Gamma]]'\n---\n[[Epsilon é]] [[Al]]\n",
    "---\ntag: x\ntags: a b\nkey: [[Alpha]]\n---\n# Sub\n\n%% vaultkit-ignore %%\n[[Nope]]\n",
    "no links at all\n",
    "# Top\n\n# Sub\n\n![[Zeta]] [[Beta#Sub]] [[Beta#Top#Sub]] [[#Sub]] [[Zeta#^blk]] ^blk\n",
]

# A canvas links like a note (text nodes and file nodes, with subpaths), and can be broken.
CANVASES = [
    '{"nodes":[{"id":"a","type":"text","text":"[[Alpha#Top]] [[Missing]]"},'
    '{"id":"b","type":"file","file":"Beta.md","subpath":"#Top"}]}',
    '{"nodes":[{"id":"a","type":"file","file":"Gamma.md","subpath":"#^blk"},'
    '{"id":"b","type":"file","file":"Zeta.md"}]}',
    '{"nodes":[{"id":"a","type":"text","text":"[[Alpha]]"},]}',
    '{"nodes":[{"id":"a","type":"text","text":"![[Sub/Delta#Part]]"},'
    '{"id":"b","type":"file","file":"Epsilon \\u00e9.md"}]}',
]

edits = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "body", "append", "touch", "heading", "canvas",
                "add", "delete", "rename", "alias", "folder",
            ]
        ),
        st.integers(0, len(NAMES) - 1),
        st.integers(0, len(BODIES) - 1),
    ),
    min_size=1,
    max_size=10,
)


def _cache(path: Path) -> SqliteNoteCache:
    cache = SqliteNoteCache(path, racy_window_ns=0)
    cache.opened_ns = time.time_ns() + 10**9  # files the test wrote count as settled
    return cache


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _vault(root: Path, bodies: list[int]) -> None:
    for name, body in zip(NAMES, bodies, strict=True):
        _write(root / f"{name}.md", BODIES[body])
    _write(root / "Other/Beta.md", "[[Beta]]\n")  # makes [[Beta]] from Other/ ambiguous-free
    _write(root / "Board.canvas", CANVASES[bodies[0] % len(CANVASES)])
    (root / "bin.md").write_bytes(b"\xff\xfe\x00binary")


def _checked(root: Path, cache_file: Path, config: CheckConfig) -> tuple[CheckResult, CheckResult]:
    with _cache(cache_file) as cache:
        cached = check_path(root, config, cache=cache, jobs=1)
    return cached, check_path(root, config, jobs=1)


def _edit(root: Path, op: str, which: int, body: int) -> None:
    path = root / f"{NAMES[which]}.md"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if op == "canvas":
        _write(root / "Board.canvas", CANVASES[body % len(CANVASES)] + "\n" * which)
    elif op == "body":
        _write(path, BODIES[body])
    elif op == "append":
        _write(path, old + f"\nmore text {body}\n")
    elif op == "heading":  # a heading appears or changes: notes linking to it are re-checked
        _write(path, f"# Heading {body}\n" + old)
    elif op == "add":  # a new note, whose name other notes may already link to
        _write(root / ADDED[body % len(ADDED)], BODIES[body])
    elif op == "delete":
        if path.exists():
            os.remove(path)
    elif op == "rename":  # to a name links use, or a near name of a broken link
        target = root / ADDED[body % len(ADDED)]
        if path.exists() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.rename(path, target)
    elif op == "alias":  # an alias given or taken: links, collisions and hints may change
        _write(path, f"---\naliases: [{ALIASES[body % len(ALIASES)]}]\n---\n" + old)
    elif op == "folder":  # an empty folder named like a broken link
        (root / ADDED[body % len(ADDED)].removesuffix(".md")).mkdir(parents=True, exist_ok=True)
    elif path.exists():
        os.utime(path)


def _scenario(
    root: Path, cache_file: Path, start: list[int], ops: list[tuple[str, int, int]],
    config: CheckConfig,
) -> list[bool]:
    """Check after each edit with a cache and without; the findings must be equal. Returns,
    per edit, whether the cached check took the re-check path."""
    _vault(root, start)
    cached, full = _checked(root, cache_file, config)
    assert cached.findings == full.findings
    rechecked = []
    for op in ops:
        _edit(root, *op)
        cached, full = _checked(root, cache_file, config)
        assert cached.findings == full.findings, op
        assert cached.counts == full.counts
        assert (cached.notes, cached.files) == (full.notes, full.files)
        rechecked.append("rechecked" in cached.timings)
    return rechecked


SCENARIOS = {
    "start": st.lists(st.integers(0, len(BODIES) - 1), min_size=len(NAMES), max_size=len(NAMES)),
    "ops": edits,
    "config": st.sampled_from([EVERY_RULE, CheckConfig(), CheckConfig(publish=True)]),
}


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(**SCENARIOS)
def test_rechecks_equal_full_checks(
    tmp_path_factory: pytest.TempPathFactory,
    start: list[int],
    ops: list[tuple[str, int, int]],
    config: CheckConfig,
) -> None:
    root = tmp_path_factory.mktemp("vault")
    cache_file = tmp_path_factory.mktemp("cache") / "c.sqlite3"
    _scenario(root, cache_file, start, ops, config)


def test_the_generated_edits_mostly_take_the_recheck_path(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Guard against a vacuous property: the equality above must be about re-checks, so most
    generated edits must be answered by a re-check, and some by a full check."""
    taken: list[bool] = []

    @settings(max_examples=40, deadline=None, database=None)
    @given(**SCENARIOS)
    def count(start: list[int], ops: list[tuple[str, int, int]], config: CheckConfig) -> None:
        root = tmp_path_factory.mktemp("vault")
        cache_file = tmp_path_factory.mktemp("cache") / "c.sqlite3"
        taken.extend(_scenario(root, cache_file, start, ops, config))

    count()
    assert len(taken) >= 40
    assert sum(taken) >= 0.6 * len(taken)


def _notes(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "v"
    for name, text in files.items():
        _write(root / name, text)
    return root


def _run(root: Path, cache_file: Path, config: CheckConfig = EVERY_RULE) -> CheckResult:
    with _cache(cache_file) as cache:
        return check_path(root, config, cache=cache, jobs=1)


def _lines(result: CheckResult) -> list[str]:
    return [f"{f.path}:{f.span.line}:{f.rule}" for f in result.findings]


def test_an_edit_rechecks_the_note_and_what_links_into_its_headings(tmp_path: Path) -> None:
    root = _notes(
        tmp_path,
        {
            "a.md": "[[b#Top]]\n",
            "b.md": "# Top\n\n[[a]]\n",
            "c.md": "[[b]] [[a]]\n",  # no subpath into b: not re-checked
        },
    )
    cache_file = tmp_path / "c.sqlite3"
    assert "a.md:1:missing-heading" not in _lines(_run(root, cache_file))
    _write(root / "b.md", "# Bottom\n\n[[a]]\n")
    second = _run(root, cache_file)
    assert second.timings["rechecked"] == 2  # b, and a (its link into b's headings)
    assert "a.md:1:missing-heading" in _lines(second)
    assert second.findings == check_path(root, EVERY_RULE).findings
    _write(root / "b.md", "# Bottom\n\n[[a]] more words\n")  # same headings: b alone
    assert _run(root, cache_file).timings["rechecked"] == 1


@pytest.mark.parametrize(
    ("change", "rechecked"),
    [
        (lambda root: _write(root / "d.md", "new note\n"), {"d.md", "a.md"}),  # a's [[d]] finds it
        (lambda root: _write(root / "b2.md", "x\n"), {"b2.md"}),  # added: no link names it
        (lambda root: os.remove(root / "c.md"), {"b.md"}),  # deleted: b's [[c]] breaks
        (lambda root: os.rename(root / "c.md", root / "e.md"), {"b.md", "e.md"}),  # renamed
        (lambda root: _write(root / "b.md", "---\naliases: [Dee]\n---\n# Top\n"),  # alias
         {"b.md", "a.md"}),  # a's broken [[dee]] gets an alias hint
        (lambda root: (root / "sub").mkdir(), {"a.md"}),  # a's [[sub]] hint names the folder
        (lambda root: _write(root / "subb.md", "y\n"), {"a.md", "subb.md"}),  # a near name
    ],
)
def test_a_changed_shape_rechecks_what_it_can_change(
    tmp_path: Path, change: object, rechecked: set[str]
) -> None:
    root = _notes(tmp_path, {
        "a.md": "[[b#Top]] [[sub]] [[dee]] [[d]]\n", "b.md": "# Top\n[[c]]\n", "c.md": "[[a]]\n",
    })
    cache_file = tmp_path / "c.sqlite3"
    _run(root, cache_file)
    change(root)  # type: ignore[operator]
    result = _run(root, cache_file)
    assert result.findings == check_path(root, EVERY_RULE).findings
    assert result.timings.get("rechecked") == len(rechecked)


def test_a_note_that_became_unreadable_runs_a_full_check(tmp_path: Path) -> None:
    root = _notes(tmp_path, {"a.md": "[[b#Top]]\n", "b.md": "# Top\n"})
    cache_file = tmp_path / "c.sqlite3"
    _run(root, cache_file)
    (root / "b.md").write_bytes(b"\xff\xfe\x00")
    result = _run(root, cache_file)
    assert "rechecked" not in result.timings
    assert result.findings == check_path(root, EVERY_RULE).findings
    _write(root / "a.md", "[[b#Top]] edited\n")  # the full check left a fresh state
    assert _run(root, cache_file).timings.get("rechecked") == 1


def test_many_changed_notes_run_a_full_check(tmp_path: Path) -> None:
    files = {f"n{i}.md": f"[[n{i + 1}]]\n" for i in range(200)}
    root = _notes(tmp_path, files)
    cache_file = tmp_path / "c.sqlite3"
    _run(root, cache_file)
    for i in range(50):  # a quarter of the notes: more than MOST_CHANGED
        _write(root / f"n{i}.md", f"[[n{i + 2}]]\n")
    result = _run(root, cache_file)
    assert "rechecked" not in result.timings
    _write(root / "n0.md", "[[n3]]\n")
    assert _run(root, cache_file).timings.get("rechecked") == 1


def test_a_racy_note_is_parsed_again_next_time(tmp_path: Path) -> None:
    root = _notes(tmp_path, {"a.md": "[[b]]\n", "b.md": "[[a]]\n"})
    cache_file = tmp_path / "c.sqlite3"
    with SqliteNoteCache(cache_file) as cache:  # the real racy window: both files are new
        check_path(root, EVERY_RULE, cache=cache, jobs=1)
    with _cache(cache_file) as cache:
        again = check_path(root, EVERY_RULE, cache=cache, jobs=1)
    assert again.timings.get("rechecked") == 2  # stored without a stat key: both parsed again


def test_filenames_narrow_the_report_not_the_state(tmp_path: Path) -> None:
    root = _notes(tmp_path, {"a.md": "[[gone]]\n", "b.md": "[[a]] [[b#Nope]]\n"})
    cache_file = tmp_path / "c.sqlite3"
    only_a = dataclasses.replace(EVERY_RULE, only_paths=frozenset({"a.md"}))
    narrowed = _run(root, cache_file, only_a)
    assert "b.md:1:missing-heading" not in _lines(narrowed)
    _write(root / "a.md", "[[gone]] [[b]]\n")
    result = _run(root, cache_file)
    assert result.timings.get("rechecked") == 1
    assert "b.md:1:missing-heading" in _lines(result)


def test_known_scopes() -> None:
    assert RULES["orphan"].scope == VAULT
    assert RULES["unresolved-link"].scope == NOTE


def test_a_note_rule_reports_only_on_the_notes_it_is_given(tmp_path: Path) -> None:
    """What the NOTE scope promises: run over a context holding one note (every other note
    only looked up), a note rule reports on that note alone, and the union over all notes is
    its report over the whole vault. A vault-wide rule declared NOTE fails here."""
    from vaultkit.lint.engine import build_context
    from vaultkit.lint.rules import RuleContext
    from vaultkit.notes.vault import load_vault

    root = tmp_path / "v"
    _vault(root, list(range(len(NAMES))))
    vault = load_vault(root, jobs=1)
    whole = build_context(vault, EVERY_RULE)
    note_rules = [rule for rule in RULES.values() if rule.scope == NOTE and rule.func]
    assert len(note_rules) >= 8
    spoke = set()
    for rule in note_rules:
        assert rule.func is not None
        expected = sorted(f.sort_key() for f in rule.func(whole))
        found = []
        every = vault.linking  # the notes and the canvas
        for path in every:
            view = NoteView({path: every[path]}, every, every.__getitem__)
            one = RuleContext.build(
                EVERY_RULE, whole.schemas, notes=view, files=whole.files,
                folders=whole.folders, problems=whole.problems, aliases=whole.aliases,
                known_facts=whole.facts,
            )
            got = list(rule.func(one))
            assert {f.path for f in got} <= {path}, rule.name
            found += [f.sort_key() for f in got]
        assert sorted(found) == expected, rule.name
        if expected:
            spoke.add(rule.name)
    assert len(spoke) >= 5, spoke  # the vault makes most note rules speak


def test_an_edit_that_keeps_every_fact_keeps_the_vault_rules_findings(tmp_path: Path) -> None:
    root = _notes(tmp_path, {"a.md": "[[b]]\n", "b.md": "[[c]] [[a]]\n", "c.md": "text\n",
                             "lone.md": "[[nowhere]]\n"})  # fmt: skip
    cache_file = tmp_path / "c.sqlite3"
    _run(root, cache_file)
    _write(root / "c.md", "more text, still no link\n")
    result = _run(root, cache_file)
    assert "rechecked" in result.timings and "rule:orphan" not in result.timings
    assert "orphan" in result.counts  # lone.md's orphan finding, kept from the state
    assert _lines(result) == _lines(check_path(root, EVERY_RULE))
    with _cache(cache_file) as cache:
        state = load_state(cache, state_key(cache.results_tag, EVERY_RULE, root, []))
    assert state is not None and state.vault_findings
    assert {RULES[f.rule].scope for f in state.vault_findings} == {VAULT}
    _write(root / "c.md", "[[lone]]\n")  # a new link: the vault rules run again
    result = _run(root, cache_file)
    assert "rule:orphan" in result.timings
    assert _lines(result) == _lines(check_path(root, EVERY_RULE))


def test_a_heading_moved_past_an_embed_runs_the_embed_cycle_rule_again(tmp_path: Path) -> None:
    # the embed stays on line 2 (the facts are the same); the heading H moves above it, so the
    # section A#H now holds the embed and closes a cycle
    root = _notes(tmp_path, {"A.md": "x\n![[B#T]]\n# H\n", "B.md": "# T\n![[A#H]]\n"})
    cache_file = tmp_path / "c.sqlite3"
    assert "embed-cycle" not in _run(root, cache_file).counts
    _write(root / "A.md", "# H\n![[B#T]]\nx\n")
    result = _run(root, cache_file)
    assert "rechecked" in result.timings
    assert result.counts.get("embed-cycle") == 1
    assert _lines(result) == _lines(check_path(root, EVERY_RULE))


# -- the note view -------------------------------------------------------------------------------


def test_note_view_iterates_the_checked_notes_and_looks_up_any() -> None:
    from vaultkit.notes.note import parse_note

    a, b = parse_note("a.md", "[[b]]\n"), parse_note("b.md", "# B\n")
    loads: list[str] = []

    def load(path: str) -> object:
        loads.append(path)
        return b

    view = NoteView({"a.md": a}, {"a.md": None, "b.md": None}, load)  # type: ignore[arg-type]
    assert list(view) == ["a.md"] and len(view) == 1
    assert "b.md" in view and "c.md" not in view
    assert view["b.md"] is b and view.get("b.md") is b
    assert loads == ["b.md"]  # loaded once
    assert view.get("c.md") is None
    with pytest.raises(KeyError):
        view["c.md"]


def test_the_anchor_digest_tells_heading_lists_apart() -> None:
    from vaultkit.lint.state import anchor_digest
    from vaultkit.notes.note import parse_note

    def digest(text: str) -> str:
        return anchor_digest(parse_note("n.md", text))

    assert digest("# A\n\ntext\n") == digest("# A\n\nother text\n")
    assert digest("# A\n") != digest("## A\n")
    assert digest("# A\n# B\n") != digest("# A B\n")
    assert digest("# A\n# B\n") != digest("# B\n# A\n")
    assert digest("x ^one\n") != digest("x ^two\n")
    assert digest("# one\n") != digest("x ^one\n")
