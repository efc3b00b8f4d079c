"""Every test keeps vaultkit's cache in its own temporary folder, never the user's
(``~/.cache/vaultkit``); tests that are about the location set it themselves."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_cache_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    folder = tmp_path_factory.mktemp("vaultkit-cache")
    monkeypatch.setenv("VAULTKIT_CACHE_DIR", str(folder))
    return folder
