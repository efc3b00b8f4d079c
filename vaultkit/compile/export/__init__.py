"""The vault's links for other tools: :mod:`.graph` (GraphML, JSON, DOT) and :mod:`.links`
(Obsidian's ``resolvedLinks`` / ``unresolvedLinks`` maps)."""
