"""Checking a vault: which rules run (:mod:`.selection`), the rules themselves (:mod:`.rules`),
running them in parallel (:mod:`.runner`), the engine that runs a full or an incremental check
(:mod:`.engine`, :mod:`.incremental`, :mod:`.facts`), inline suppressions (:mod:`.suppress`),
JSON Schema for properties (:mod:`.schemas`) and the reporters (:mod:`.report`).

May import: ``vaultkit.notes``, ``vaultkit.cache``, the top-level helpers. Nothing below
imports it back.
"""
