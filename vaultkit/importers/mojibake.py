"""Mojibake repair (UTF-8 bytes decoded as cp1252/latin-1) with ftfy, line by line.

Only lines that ftfy's encoding fixer changes are touched, and only its encoding step runs
(no quote uncurling, no width or ligature folding), so correct Unicode, formulas and code stay
exactly as they are.
"""

from __future__ import annotations

import ftfy

_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=False,
    decode_inconsistent_utf8=True,
    fix_c1_controls=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


def repair(text: str) -> tuple[str, tuple[int, ...]]:
    """The text with mojibake lines repaired, and the 1-based numbers of the lines changed."""
    if text.isascii():
        return text, ()
    out: list[str] = []
    changed: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.isascii():
            out.append(line)
            continue
        fixed = ftfy.fix_text(line, _CONFIG)
        if fixed != line:
            changed.append(number)
        out.append(fixed)
    return "\n".join(out), tuple(changed)
