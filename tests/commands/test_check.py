"""`vaultkit check`, `links` and `rules` through vaultkit.cli.main: exit codes and formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vaultkit.cli import main


def make(tmp_path: Path, files: dict[str, str]) -> Path:
    vault = tmp_path / "vault"
    for name, text in files.items():
        path = vault / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    vault.mkdir(exist_ok=True)
    return vault


CLEAN = {"a.md": "# A\n\n[[b]]\n", "b.md": "---\ntitle: B\n---\n# B\n\n[[a#A]]\n"}
BROKEN = {**CLEAN, "c.md": "# C\n\n[[a]] and [[nowhere]]\n"}


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_vault_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", str(make(tmp_path, CLEAN)), "--isolated"], capsys)
    assert code == 0
    assert out.strip().endswith("no problems found in 2 notes")


def test_errors_exit_1_and_text_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = make(tmp_path, BROKEN)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["check", "vault", "--isolated"], capsys)
    assert code == 1
    lines = out.splitlines()
    assert "vault/c.md:3:11: VK101 [unresolved-link] unresolved link [[nowhere]]" in lines
    assert "vault/c.md:1:1: VK301 [orphan] no other note links to this note" in lines
    assert lines[-1].startswith("vaultkit: 1 error, 1 warning")
    assert vault.is_dir()


@pytest.mark.parametrize("output_format", ["json", "sarif", "github"])
def test_machine_formats_keep_stdout_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output_format: str
) -> None:
    code, out, err = run(
        ["check", str(make(tmp_path, BROKEN)), "--isolated", "--format", output_format], capsys
    )
    assert code == 1
    assert "vaultkit: 1 error" in err
    if output_format == "github":
        assert all(line.startswith("::") for line in out.splitlines())
    else:
        json.loads(out)


def test_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        ["check", str(make(tmp_path, BROKEN)), "--isolated", "--format", "json", "--no-summary"],
        capsys,
    )
    data = json.loads(out)
    first = data["diagnostics"][0]
    assert set(first) == {
        "code",
        "rule",
        "severity",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "fix",  # null when the finding has none
    }
    assert data["summary"]["by_rule"] == {"orphan": 1, "unresolved-link": 1}


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_bad_vault_path_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    target = tmp_path / "nope"
    if kind == "file":
        target.write_text("x")
    code, _, err = run(["check", str(target), "--isolated"], capsys)
    assert code == 2
    assert "nope" in err


@pytest.mark.parametrize(
    "extra",
    [
        ["--select", "no-such-rule"],
        ["--severity", "orphan=loud"],
        ["--schema", "missing.json"],
        ["--format", "xml"],
    ],
)
def test_usage_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str]
) -> None:
    code, _, _ = run(["check", str(make(tmp_path, CLEAN)), "--isolated", *extra], capsys)
    assert code == 2


def test_config_vault_key_select_and_unknown_key_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make(tmp_path, BROKEN)
    (tmp_path / "vaultkit.toml").write_text('vault = "vault"\nignore = ["orphan"]\nsevertiy = 1\n')
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["check"], capsys)
    assert code == 1
    assert "[orphan]" not in out
    assert "'severtiy'" in err and "did you mean 'severity'" in err
    code, out, _ = run(["check", "--severity", "unresolved-link=warning"], capsys)
    assert code == 0


def test_invalid_config_value_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make(tmp_path, CLEAN)
    (tmp_path / "vaultkit.toml").write_text('vault = "vault"\n[severity]\norphan = "loud"\n')
    monkeypatch.chdir(tmp_path)
    assert run(["check"], capsys)[0] == 2


def test_schema_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = tmp_path / "s.json"
    schema.write_text(
        json.dumps(
            {"type": "object", "required": ["title"], "properties": {"title": {"type": "string"}}}
        )
    )
    vault = make(tmp_path, {**CLEAN, "b.md": "---\ntitle: 5\n---\n# B\n\n[[a#A]]\n"})
    code, out, _ = run(
        ["check", str(vault), "--isolated", "--schema", str(schema), "--format", "json"], capsys
    )
    found = {
        (d["path"].rsplit("/", 1)[-1], d["line"], d["column"])
        for d in json.loads(out)["diagnostics"]
        if d["rule"] == "schema"
    }
    assert found == {("a.md", 1, 1), ("b.md", 2, 8)}
    assert code == 1


def test_files_argument(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vault = make(tmp_path, BROKEN)
    code, out, _ = run(
        ["check", str(vault), str(vault / "a.md"), "--isolated", "--format", "json"], capsys
    )
    rules = {(d["rule"], Path(d["path"]).name) for d in json.loads(out)["diagnostics"]}
    assert rules == {("unresolved-link", "c.md")}
    assert code == 1


def test_empty_vault(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check", str(make(tmp_path, {})), "--isolated"], capsys)
    assert code == 0
    assert "no notes" in err


def test_links_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vault = make(tmp_path, {**BROKEN, "d.md": "## H\n[[#H]]\n"})
    code, out, _ = run(["links", str(vault), "--isolated"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["resolvedLinks"]["c.md"] == {"a.md": 1}
    assert data["unresolvedLinks"]["c.md"] == {"nowhere": 1}
    assert data["resolvedLinks"]["d.md"] == {"d.md": 1}
    assert (
        set(data["resolvedLinks"])
        == set(data["unresolvedLinks"])
        == {"a.md", "b.md", "c.md", "d.md"}
    )
    assert run(["links", str(tmp_path / "missing")], capsys)[0] == 2


def test_rules_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules"], capsys)
    assert code == 0
    assert "VK101  unresolved-link" in out
    assert len(out.splitlines()) == 19


def test_inline_suppression_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vault = make(
        tmp_path,
        {
            "a.md": "# A\n\n[[nope1]] %% vaultkit-ignore unresolved-link %%\n"
            "%% vaultkit-ignore VK101 %%\n[[nope2]]\n[[nope3]]\n[[b]]\n",
            "b.md": "---\ntitle: b\n---\n%% vaultkit-ignore-file %%\n[[a]] [[gone]]\n",
            "c.md": "[[x]] and [[c]]\n%%\nvaultkit-ignore-file orphan\n%%\n",
        },
    )
    code, out, _ = run(
        ["check", str(vault), "--isolated", "--no-cache", "--format", "json"], capsys
    )
    found = [(Path(d["path"]).name, d["line"], d["rule"]) for d in json.loads(out)["diagnostics"]]
    assert found == [("a.md", 6, "unresolved-link"), ("c.md", 1, "unresolved-link")]
    assert code == 1


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the note cache of these runs out of the user's cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
