"""Writing: what vaultkit makes from a vault.

:mod:`.build` (the normalized vault and its glossary in another folder), :mod:`.inplace`
(``vaultkit fmt``), :mod:`.normalize` (one note's normal form), :mod:`.glossary` (the merged
GLOSSARY.md) and :mod:`.export` (the link graph and Obsidian's link maps).
May import: ``vaultkit.notes``, ``vaultkit.lint.schemas`` (property types), the top-level helpers.
"""
