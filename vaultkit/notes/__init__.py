"""Reading a vault as Obsidian does: scan the files, read them, split and parse each note,
and resolve its links.

Pipeline: :mod:`.scan` (which files) -> :mod:`.reader` (bytes to text) ->
:mod:`.frontmatter` and :mod:`.yaml` (properties) -> :mod:`.tokenizer` (links, headings,
blocks: the line pass :mod:`.blocks` hands text to the inline pass :mod:`.inline`, which reads
link text with :mod:`.linktext`) -> :mod:`.note` (one parsed note) -> :mod:`.vault` (all notes,
cached and in parallel) -> :mod:`.resolve` (Obsidian's link resolution) -> :mod:`.linked` (a
vault loaded, indexed and resolved once: the one setup of every command that follows links).
:mod:`.model` holds the records; :mod:`.sections` the importer's marked source sections of a
note (read and written). May import: the package's top-level helpers (text, lines, errors,
parallel) and ``vaultkit.cache.codec``.
"""
