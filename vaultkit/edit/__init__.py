"""The one edit engine: text edits by span, fixes and file moves as data, applied all or nothing.

Fixes (``check --fix``), moves (``vaultkit mv``) and the editor all describe what they change as
:class:`~vaultkit.edit.model.Change` values; :mod:`vaultkit.edit.text` applies edits to a text,
:mod:`vaultkit.edit.diff` shows them, :mod:`vaultkit.edit.commit` writes them to disk at once.
"""
