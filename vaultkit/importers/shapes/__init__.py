"""One reader per glossary shape: Markdown tables, definition lists, headings and bullets, and
the two plain-text shapes of scraped pages (term cards, scraped definitions). Each turns text
into raw entries with their source lines; :mod:`vaultkit.importers.registry` picks one."""
