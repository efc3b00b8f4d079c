"""Page furniture: titles, letter headings, intros and notes that are not glossary terms."""

from __future__ import annotations

import re
import unicodedata

_LETTER = re.compile(
    r"^(?:[^\W\d_]|\d|0\s*[-–—]\s*9|#|[^\W\d_]\s*[-–—]\s*[^\W\d_]|symbols|numbers|numerals|other)$",
    re.IGNORECASE,
)
_FURNITURE = re.compile(
    r"^(?:table of contents|contents|toc|index|introduction|intro|overview|preface|"
    r"about(?: this (?:glossary|file|page|document))?|how to use(?: this (?:glossary|file|page))?|"
    r"usage|license|licence|copyright|credits|acknowledg(?:e)?ments|references|bibliography|"
    r"further reading|changelog|change log|contributing|footer|navigation|back to top|top|"
    r"(?:[\w .'-]{0,40} )?(?:glossary|glossaire|glosario|glossário|glossario|glossar|lexique|"
    r"léxico|lexikon|wörterbuch|diccionario|dictionnaire|woordenlijst|słownik|用語集|术语表|"
    r"глоссарий|словарь)(?: of terms| terms|\s+de\s+[\w ]{1,30})?(?:\s*[-–—:]\s*.{0,60})?|"
    r"[\w .'-]{1,40} (?:terminology|vocabulary|dictionary|lexicon))$",
    re.IGNORECASE,
)
_PAIRS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")


def _is_symbol(ch: str) -> bool:
    return unicodedata.category(ch) in {"So", "Sk", "Cf", "Mn"} or ch.isspace()


def plain_heading(text: str) -> str:
    """Heading text without emphasis/code markers, leading emoji or a trailing colon."""
    text = _PAIRS.sub(lambda m: m.group(2), text).strip()
    while text and _is_symbol(text[0]):
        text = text[1:]
    return text.rstrip(":").strip()


def is_letter_heading(text: str) -> bool:
    return bool(_LETTER.match(plain_heading(text) or text.strip()))


def is_furniture(text: str) -> bool:
    """A title or navigation heading/line such as 'Glossary', 'License', 'How to use'."""
    plain = plain_heading(text)
    return bool(plain) and bool(_FURNITURE.match(plain))
