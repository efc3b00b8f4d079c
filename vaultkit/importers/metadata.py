"""Front matter at the top of a glossary source, as Hugo, Jekyll and MkDocs pages have.

YAML between ``---`` lines or TOML between ``+++`` lines, from the file's first line.
python-frontmatter finds and splits the block; YAML is read with the YAML 1.2 core rules
``vaultkit check`` reads notes with (``title: no`` is the word no), TOML with tomllib. The block
holds no glossary entries: the formats read the source with it blanked (so every line keeps its
number), it is kept verbatim as text outside the entries, and its ``title`` names the source.
A block that does not read as a mapping is no front matter: the formats read it as text.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Any

from frontmatter import detect_format
from frontmatter.default_handlers import BaseHandler, YAMLHandler

from vaultkit.notes.yaml.full import load as load_yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]


class _YamlHandler(YAMLHandler):
    """``---`` fences (exactly three dashes); YAML 1.2 core rules."""

    FM_BOUNDARY = re.compile(r"^---[ \t]*$", re.MULTILINE)

    def load(self, fm: str, **kwargs: object) -> Any:
        result = load_yaml(fm)
        if result.error is not None:
            raise ValueError(f"invalid YAML: {result.error.message}")
        return result.data


class _TomlHandler(BaseHandler):
    """``+++`` fences (exactly three pluses); TOML."""

    FM_BOUNDARY = re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        try:
            return tomllib.loads(fm)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"invalid TOML: {exc}") from exc


_HANDLERS = (_YamlHandler(), _TomlHandler())


@dataclass(frozen=True, slots=True)
class SourceMeta:
    """A source split into its front matter and the text the formats read."""

    text: str  # the source, its front-matter lines blank
    block: str = ""  # the front matter as written, fences included ('' when there is none)
    title: str = ""  # its title ('' when it has none)
    problem: str = ""  # why a block that starts like front matter was read as text
    data: dict[str, Any] = field(default_factory=dict, compare=False)  # its keys


def split_metadata(text: str) -> SourceMeta:
    """Set the front matter at the top of ``text`` (if any) aside."""
    handler = detect_format(text, _HANDLERS)
    if handler is None:
        return SourceMeta(text)
    try:
        fm, content = handler.split(text)
    except ValueError:  # no closing fence: a rule, not front matter
        return SourceMeta(text)
    try:
        data = handler.load(fm)
    except ValueError as exc:
        problem = f"front matter at the top cannot be read ({exc}); read as text"
        return SourceMeta(text, problem=problem)
    if not isinstance(data, dict) or not data:
        return SourceMeta(text)
    block = text[: len(text) - len(content)]
    blanked = "\n" * block.count("\n") + content
    return SourceMeta(blanked, block, _title(data.get("title")), data=data)


def _title(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""
