"""Fingerprints of vaultkit's code: what decides a parsed note, and a whole run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from vaultkit.cache import fingerprint


def test_parser_folders_cover_what_vault_imports() -> None:
    code = (
        "import sys, vaultkit, vaultkit.notes.vault, vaultkit.cache.store;"
        "from pathlib import Path;"
        "root = Path(vaultkit.__file__).parent;"
        "print(' '.join(Path(m.__file__).relative_to(root).as_posix() for n, m in"
        " list(sys.modules.items()) if n.startswith('vaultkit.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    files = out.split()
    assert "notes/vault.py" in files
    folders = {f.split("/", 1)[0] if "/" in f else "" for f in files}
    assert folders <= set(fingerprint.PARSER_FOLDERS)


def test_results_are_keyed_by_every_module_of_the_package(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "rules").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n")
    (package / "rules" / "r.py").write_text("y = 2\n")
    (package / "notes.txt").write_text("not code\n")
    before = fingerprint.package_fingerprint(package)
    (package / "notes.txt").write_text("still not code\n")
    assert fingerprint.package_fingerprint(package) == before
    (package / "rules" / "r.py").write_text("y = 30\n")  # a rule changed: old results are void
    assert fingerprint.package_fingerprint(package) != before
