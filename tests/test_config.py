from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vaultkit.config import CheckConfig, find_config, load_config
from vaultkit.errors import ConfigError
from vaultkit.lint.selection import active_rules, validate_rules
from vaultkit.notes.model import Severity


def test_discovery_walks_up_and_prefers_vaultkit_toml(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.vaultkit]\nvault = "notes"\n')
    deep = tmp_path / "notes" / "sub"
    deep.mkdir(parents=True)
    assert find_config(deep) == (tmp_path / "pyproject.toml").resolve()
    (tmp_path / "notes" / "vaultkit.toml").write_text('ignore = ["orphan"]\n')
    assert find_config(deep) == (tmp_path / "notes" / "vaultkit.toml").resolve()


def test_pyproject_without_our_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.vaultkit]\nselect = ["VK1"]\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    loaded = load_config(inner)
    assert loaded.config.select == ("VK1",)


def test_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "vaultkit.toml").write_text(
        'vault = "v"\n[schema]\ndefault = "s/d.json"\nby-type = { term = "s/t.json" }\n'
        'by-path = { "Sources/*.md" = "s/src.json" }\n'
    )
    loaded = load_config(tmp_path)
    base = tmp_path.resolve()
    assert loaded.vault == base / "v"
    assert loaded.config.schema.default == base / "s/d.json"
    assert loaded.config.schema.by_type == {"term": base / "s/t.json"}
    assert loaded.config.schema.by_path == {"Sources/*.md": base / "s/src.json"}


def test_unknown_keys_warn_with_did_you_mean(tmp_path: Path) -> None:
    (tmp_path / "vaultkit.toml").write_text('ignor = ["orphan"]\n[schema]\ndefualt = "x"\n')
    warnings = load_config(tmp_path).warnings
    assert any("'ignor'" in w and "did you mean 'ignore'" in w for w in warnings)
    assert any("'schema.defualt'" in w for w in warnings)


@pytest.mark.parametrize(
    "text",
    [
        "select = 3\n",
        '[severity]\norphan = "loud"\n',
        "not toml = = \n",
        "hierarchy-properties = [1]\n",
    ],
)
def test_invalid_values_are_config_errors(tmp_path: Path, text: str) -> None:
    (tmp_path / "vaultkit.toml").write_text(text)
    with pytest.raises(ConfigError):
        load_config(tmp_path)


@pytest.mark.parametrize("text", ['ignore = ["no-such-rule"]\n', '[severity]\nnope = "error"\n'])
def test_unknown_rules_are_config_errors_when_selected(tmp_path: Path, text: str) -> None:
    (tmp_path / "vaultkit.toml").write_text(text)
    loaded = load_config(tmp_path)  # reading the file does not know the rules
    with pytest.raises(ConfigError, match="unknown rule"):
        validate_rules(loaded.config, str(loaded.source))


def test_reading_configuration_imports_no_rule() -> None:
    code = "import sys, vaultkit.config; print(sorted(m for m in sys.modules if 'lint' in m))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_isolated_and_explicit_file(tmp_path: Path) -> None:
    (tmp_path / "vaultkit.toml").write_text('ignore = ["orphan"]\n')
    other = tmp_path / "other.toml"
    other.write_text('ignore = ["schema"]\n')
    assert load_config(tmp_path, isolated=True).config == CheckConfig()
    assert load_config(tmp_path, config_file=other).config.ignore == ("schema",)


def test_selection_and_regrading() -> None:
    defaults = active_rules(CheckConfig())
    assert "dead-end" not in defaults
    assert defaults["orphan"] is Severity.WARNING
    only = active_rules(CheckConfig(select=("VK1",), ignore=("ambiguous-link",)))
    assert set(only) == {"unresolved-link", "missing-heading", "missing-block"}
    graded = active_rules(
        CheckConfig(severity={"orphan": "error", "VK104": "off", "dead-end": "info"})
    )
    assert graded["orphan"] is Severity.ERROR
    assert "ambiguous-link" not in graded
    assert graded["dead-end"] is Severity.INFO


def test_output_format_key(tmp_path: Path) -> None:
    (tmp_path / "vaultkit.toml").write_text('output-format = "full"\n')
    loaded = load_config(tmp_path)
    assert loaded.output_format == "full"
    assert not loaded.warnings
    (tmp_path / "vaultkit.toml").write_text('output-format = "fancy"\n')
    with pytest.raises(ConfigError, match="'output-format' must be one of"):
        load_config(tmp_path)


def test_output_formats_are_the_reporters() -> None:
    from vaultkit.config import OUTPUT_FORMATS
    from vaultkit.lint.report import REPORTERS

    assert sorted(OUTPUT_FORMATS) == sorted(REPORTERS)
