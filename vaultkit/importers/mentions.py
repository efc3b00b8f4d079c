"""Where a name is mentioned in a line: spelling variants, and mentions that are only part of
a longer name ("Tensor" in "Tensor Cores", "AI" in "Stability AI", "Derivative" in
"Proportional-Integral-Derivative"), which are never linked on their own.
"""

from __future__ import annotations

import re

from vaultkit.importers.senses import zipf

_SEPARATORS = " -"
# A capitalised word that starts a sentence is a name part only when it is not an everyday
# word ("Unlike GANs", "Plain attention" are sentences; "Latent Adversarial ..." is a name).
_EVERYDAY_ZIPF = 4.0
_BRIDGES = frozenset({"for", "of"})  # "Frame Interpolation for Large Motion"
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z0-9]*)$")
_WORD_AFTER = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_SENTENCE_END = frozenset('.!?:;(—–-"“*|>')


def match_name(line: str, pos: int, limit: int, name: str, exact: bool) -> int | None:
    """End of ``name`` written at ``pos`` (before ``limit``), or None.

    A space or hyphen in the name matches either ("KV-cache" is "KV cache"); a name of several
    words may take a plural ending on its last word ("batch sizes" is "batch size"). The
    comparison is case-sensitive for ``exact`` names (acronyms), case-insensitive otherwise.
    """
    j = pos + len(name)
    if j > limit:
        return None
    surface = line[pos:j]
    if surface != name:
        surface, spelled = surface.replace("-", " "), name.replace("-", " ")
        if surface != spelled and (exact or surface.lower() != spelled.lower()):
            return None
    if (" " in name or "-" in name) and name[-1].isalpha():
        for ending in ("es", "s"):
            after = j + len(ending)
            if after <= limit and line.startswith(ending, j) and _ends(line, after):
                j = after
                break
    return j if _ends(line, j) else None


def _ends(line: str, j: int) -> bool:
    return j >= len(line) or not (line[j].isalnum() or line[j] == "_")


def _titled(word: str) -> bool:
    """``Cores``, ``Stability``: a capital then lower case (acronyms such as NVIDIA are not)."""
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def part_of_longer_name(line: str, start: int, end: int) -> bool:
    """Whether a capitalised mention at ``start:end`` continues a run of capitalised words
    (joined by a space or a hyphen) and so is only part of a longer name."""
    if not line[start].isupper():
        return False
    last_word = re.split(r"[ \-]", line[start:end])[-1]
    if end < len(line) and line[end] in _SEPARATORS:
        after = _WORD_AFTER.match(line, end + 1)
        if after and _titled(after.group()):
            return True
        if after and after.group() in _BRIDGES and _titled(last_word) and line[end] == " ":
            beyond = _WORD_AFTER.match(line, after.end() + 1)
            if beyond and line[after.end() : after.end() + 1] == " " and _titled(beyond.group()):
                return True
    if start >= 2 and line[start - 1] in _SEPARATORS:
        before = _WORD_BEFORE.search(line, 0, start - 1)
        if before and _titled(before.group()):
            head = line[: before.start()].rstrip()
            starts_sentence = not head or head[-1] in _SENTENCE_END
            return not (starts_sentence and zipf(before.group().lower()) >= _EVERYDAY_ZIPF)
    return False
