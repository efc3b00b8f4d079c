"""Remembering between runs: parsed notes and check results kept in SQLite.

:mod:`.store` is the database, :mod:`.codec` turns records into bytes and back,
:mod:`.fingerprint` hashes vaultkit's own code, :mod:`.location` picks the file.
May import: ``vaultkit.notes.model`` (the records it stores) and the top-level helpers.

Where: ``$VAULTKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/vaultkit``, else ``~/.cache/vaultkit``
(``%LOCALAPPDATA%\\vaultkit\\cache`` on Windows); one database per vault real path, named
``<vault folder name>-<hash of the real path>.sqlite3``. Never inside the vault unless the user
points ``--cache-dir`` there. Deleting the folder is always safe.

"""
