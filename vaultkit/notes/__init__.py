"""Reading a vault as Obsidian does: scan the files, read them, split and parse each note,
and resolve its links.

Pipeline: :mod:`.scan` (which files) -> :mod:`.reader` (bytes to text) ->
:mod:`.frontmatter` and :mod:`.yaml` (properties) -> :mod:`.tokenizer` (links, headings,
blocks: the line pass :mod:`.blocks` hands text to the inline pass :mod:`.inline`, which reads
link text with :mod:`.linktext`) -> :mod:`.note` (one parsed note) -> :mod:`.vault` (all notes,
cached and in parallel) -> :mod:`.resolve` (Obsidian's link resolution). :mod:`.model` holds
the records.
May import: the package's top-level helpers (text, lines, errors, parallel) and ``vaultkit.cache``.
"""
