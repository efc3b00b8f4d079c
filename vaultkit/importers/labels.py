"""Term labels: the canonical key, ``X (Y)`` splitting, acronym detection, plural lookups.

The duplicate ladder of glossary-model.md §A12, stages 1-3. Nothing here rewrites a term; these
functions only compute keys and candidate labels.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_MARKUP = re.compile(r"\*\*|__|`|\[\[|\]\]")
_WS = re.compile(r"\s+")
_PUNCT_MAP = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00a0": " ",
    }
)
_PAREN = re.compile(r"^([^()]*?)\s*\(([^()]+)\)\s*([^()]*)$")


def canonical_key(text: str) -> str:
    """NFKC + casefold; markup, dash and quote variants and whitespace runs normalised."""
    text = unicodedata.normalize("NFKC", text).translate(_PUNCT_MAP)
    text = _MARKUP.sub("", text)
    text = _WS.sub(" ", text).strip().rstrip(".").strip()
    return text.casefold()


_LOOSE = re.compile(r"[\s\-\u2010-\u2015]+")


def loose_key(key: str) -> str:
    """A canonical key without spaces, hyphens and a trailing ``()``: the spelling variants
    'Flash Attention' / 'FlashAttention' and 'torch.compile()' / 'torch.compile' share it."""
    key = key.removesuffix("()").rstrip()
    return _LOOSE.sub("", key)


def clean_term(text: str) -> str:
    """A term as displayed: emphasis/code markers removed, whitespace collapsed."""
    text = _MARKUP.sub("", text)
    text = re.sub(r"(?<![\w*])\*([^*]+)\*(?!\w)", r"\1", text)
    return _WS.sub(" ", text).strip().rstrip(":").strip()


def looks_like_acronym(word: str) -> bool:
    """A short form: one word of at most 12 characters, 2+ capitals or a capital and a digit."""
    if " " in word.strip() or not word or len(word) > 12:
        return False
    upper = sum(ch.isupper() for ch in word)
    digits = sum(ch.isdigit() for ch in word)
    return upper >= 2 or (upper >= 1 and digits >= 1)


def is_abbreviation(short: str, long: str) -> bool:
    """Schwartz & Hearst (2003): the characters of ``short`` occur in order in ``long``.

    The first character of the short form must start a word of the long form; matching runs
    right to left. Written from the paper's description.
    """
    s = [ch.lower() for ch in short if ch.isalnum()]
    lf = long.lower()
    if len(s) < 2 or len(lf) <= len(s) or (" " not in long.strip() and len(long) < 4):
        return False
    si = len(s) - 1
    li = len(lf) - 1
    while si >= 0:
        ch = s[si]
        while li >= 0 and (lf[li] != ch or (si == 0 and li > 0 and lf[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return False
        si -= 1
        li -= 1
    return True


def _lower_count(text: str) -> int:
    return sum(ch.islower() for ch in text)


def _loosely_shorter(short: str, long: str) -> bool:
    """``short`` is an acronym-like word and ``long`` a longer, more spelled-out name."""
    return (
        looks_like_acronym(short)
        and len(long) > len(short)
        and _lower_count(long) > _lower_count(short)
    )


@dataclass(frozen=True, slots=True)
class Labels:
    """How one written term splits into a preferred form and lookup labels."""

    title: str  # the preferred form of this entry
    aliases: tuple[str, ...]  # other names that identify the same concept
    expansion: str  # long form when ``title`` is an acronym
    base: str  # for a qualified term ``X (q)``, the bare ``X`` (for near-match reports only)


def split_term(term: str) -> Labels:
    """Split ``X (Y)``, ``X (Y) Z`` and plain terms into labels (ladder stage 2)."""
    match = _PAREN.match(term) if len(term) <= 300 else None
    if not match:
        return Labels(term, (), "", "")
    x, y, tail = match.group(1).strip(), match.group(2).strip(), match.group(3).strip()
    if not x:
        return Labels(term, (), "", "")
    if tail:  # "Base (foundation) model": two names sharing the tail
        return Labels(term, (f"{x} {tail}", f"{y} {tail}"), "", "")
    if is_abbreviation(x, y) or _loosely_shorter(x, y):
        return Labels(x, (y,), y, "")
    if is_abbreviation(y, x) or _loosely_shorter(y, x):
        return Labels(x, (y,), "", "")
    for token in x.split():
        if looks_like_acronym(token) and is_abbreviation(token, y):
            # "CFG scale (classifier-free guidance)": the expansion is the token's, not the phrase's
            return Labels(x, (term,), "", "")
    return Labels(term, (), "", x)


def names_a_part(title: str, name: str) -> bool:
    """``name`` names only a part of a several-word ``title``: one of its words ('CFG' of
    'CFG scale') or the expansion of an acronym among its words ('classifier-free guidance')."""
    words = title.split()
    if len(words) < 2:
        return False
    key = canonical_key(name)
    if key == canonical_key(title):
        return False
    for word in words:
        if canonical_key(word) == key:
            return True
        several = re.search(r"\w[\s-]\w", name)
        if several and looks_like_acronym(word) and is_abbreviation(word, name):
            return True
    return False


_NAME_PREFIX = re.compile(
    r"^(?:short for|stands for|abbreviation (?:of|for)|acronym (?:of|for)|from)\s+",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(?:a|an|the)\s+[a-z]", re.IGNORECASE)
_CLAUSE = re.compile(r"\b(?:that|which|who|whose|where|is|are|was|were)\b", re.IGNORECASE)


def expansion_name(text: str) -> str:
    """``text`` as the long form of an acronym, or '' when it is a sentence, not a name.

    'Short for Greedy Coordinate Gradient' gives 'Greedy Coordinate Gradient'. A name has
    balanced brackets, no sentence punctuation or clause, at most 10 words, and does not
    start with an article before a lowercase word ('A family of ...')."""
    name = _NAME_PREFIX.sub("", " ".join(text.split())).strip().rstrip(",")
    if not name or len(name.split()) > 10:
        return ""
    for opening, closing in ("()", "[]", "{}"):
        if name.count(opening) != name.count(closing):
            return ""
    if re.search(r"[.!?;:](?:\s|$)", name) or _CLAUSE.search(name):
        return ""
    if _ARTICLE.match(name) and not name.split()[1][:1].isupper():
        return ""
    return name


def plural_variants(key: str) -> tuple[str, ...]:
    """Singular and plural spellings of a key, used only as lookups against existing keys."""
    words = key.split(" ")
    last = words[-1]
    forms: list[str] = []
    if len(last) < 3 or not last[-1].isalpha():
        return ()
    if last.endswith("ies") and len(last) > 4:
        forms.append(last[:-3] + "y")
    if last.endswith("es") and last[-3:-2] in {"s", "x", "z", "h"}:
        forms.append(last[:-2])
    if last.endswith("s") and not last.endswith("ss"):
        forms.append(last[:-1])
    if not last.endswith("s"):
        if last.endswith("y") and last[-2:-1] not in set("aeiou"):
            forms.append(last[:-1] + "ies")
        forms.append(last + "es" if last.endswith(("x", "z", "ch", "sh")) else last + "s")
    prefix = " ".join(words[:-1])
    return tuple(f"{prefix} {f}" if prefix else f for f in forms if f != last)


_UNSAFE_NAME = re.compile(r'[*"\\/<>:|?#^\[\]]|%%|[\x00-\x1f]')
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def safe_file_name(term: str, limit: int = 120) -> str:
    """A note file name for ``term``, safe for Obsidian links and every OS ('' if none is left)."""
    name = _UNSAFE_NAME.sub("-", unicodedata.normalize("NFC", term))
    name = _WS.sub(" ", name).strip().strip(".").strip()
    name = name.lstrip(".-").strip() if name.startswith(".") else name
    if len(name) > limit:
        name = name[:limit].rstrip(" .")
    if name.split(".")[0].casefold() in _RESERVED:
        name = f"{name}_"
    return name


def tag_for(category: str) -> str:
    """An Obsidian tag for a category: 'Models & Architecture' -> 'models-and-architecture'."""
    text = unicodedata.normalize("NFKC", category).replace("&", " and ").casefold()
    text = re.sub(r"[^\w/]+", "-", text).strip("-_/")
    text = re.sub(r"-{2,}", "-", text)
    if not text or text.replace("/", "").isdigit():
        return ""
    return text
