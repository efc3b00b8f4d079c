"""The README's editor set-up snippets are well-formed and start the server this package has.

No editor runs here (none is installed on CI); what can be checked without one is checked: the
JSON and TOML parse and name the command, the Lua and Emacs Lisp are balanced and name it, and
the command they name is a command of the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from vaultkit.cli import cli
from vaultkit.config import tomllib

README = Path(__file__).resolve().parents[2] / "README.md"
_FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _snippets() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    start = text.index("Set-up (the command must be on the editor's `PATH`")
    end = text.index("Next to the two Markdown servers", start)
    found: dict[str, str] = {}
    for lang, body in _FENCE.findall(text[start:end]):
        assert lang not in found, f"two {lang} snippets"
        found[lang] = body
    return found


def _balanced(text: str) -> bool:
    depth: list[str] = []
    pairs = {")": "(", "]": "[", "}": "{"}
    for char in re.sub(r'"[^"]*"', '""', text):
        if char in "([{":
            depth.append(char)
        elif char in pairs and (not depth or depth.pop() != pairs[char]):
            return False
    return not depth


def test_every_editor_has_a_snippet() -> None:
    assert set(_snippets()) == {"json", "lua", "toml", "elisp"}


def test_vs_code_settings_parse_and_start_the_server() -> None:
    settings = json.loads(_snippets()["json"])
    assert settings["glspc.server.command"] == "vaultkit"
    assert settings["glspc.server.commandArguments"] == ["lsp"]


def test_helix_languages_parse_and_start_the_server() -> None:
    config = tomllib.loads(_snippets()["toml"])
    server = config["language-server"]["vaultkit"]
    assert (server["command"], server["args"]) == ("vaultkit", ["lsp"])
    markdown = [lang for lang in config["language"] if lang["name"] == "markdown"]
    assert "vaultkit" in markdown[0]["language-servers"]


def test_neovim_and_emacs_snippets_are_balanced_and_start_the_server() -> None:
    lua, elisp = _snippets()["lua"], _snippets()["elisp"]
    assert _balanced(lua) and _balanced(elisp)
    assert re.search(r'cmd = \{ "vaultkit", "lsp" \}', lua)
    assert '("vaultkit" "lsp")' in elisp


def test_the_command_the_snippets_name_exists() -> None:
    result = CliRunner().invoke(cli, ["lsp", "--help"])
    assert result.exit_code == 0 and "stdin/stdout" in result.output
