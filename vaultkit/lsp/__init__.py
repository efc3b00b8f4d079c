"""`vaultkit lsp`: a language server over stdio for the editors notes are written in.

pygls and lsprotocol are imported only here (never by the other folders), so no other command
pays for them. Modules: ``positions`` (1-based character spans to LSP's 0-based UTF-16
positions), ``workspace`` (the vault indexed once, then kept current note by note),
``diagnostics``, ``completion``, ``navigation`` (definition, references, hover, symbols),
``actions`` (fixes as code actions), ``rename`` (the ``mv`` and ``rename-heading`` planners as
workspace edits) and ``server`` (the wiring).
"""
