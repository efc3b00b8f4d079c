"""Merging generated notes into a vault without losing what a person wrote.

Managed parts: the listed front-matter keys and the marker sections of the sources being
imported. Everything else in an existing note is kept byte for byte. A marker section whose
content no longer matches the hash in its begin marker was edited by hand: it is kept, and a
conflict is reported. Nothing is written when the bytes would not change.

An existing note's front matter is split and read as Obsidian and ``vaultkit check`` read it
(:mod:`vaultkit.notes.frontmatter`, YAML 1.2 core rules); front matter they cannot read as a
mapping of properties is not rewritten (a conflict).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from vaultkit.importers.render import front_matter, normalize
from vaultkit.notes.frontmatter import find_block, obsidian_aliases
from vaultkit.notes.sections import find_sections, section, section_hash
from vaultkit.notes.yaml.full import load as load_yaml

_TOP_KEY = re.compile(r"^([^\s#-][^:]*?):(?:\s|$)")
_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(slots=True)
class Merged:
    text: str
    conflicts: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # sections removed (source no longer has it)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(the text between the fences, or None when there is no block; the body), split as
    Obsidian splits a note (:func:`vaultkit.notes.frontmatter.find_block`)."""
    block = find_block(text)
    if block is None:
        return None, text
    return text[block.raw_start : block.raw_end], text[block.body :]


def read_front_matter(raw: str) -> dict[str, Any]:
    """The properties of a front-matter block as ``check`` reads them (YAML 1.2 core rules:
    ``no`` and ``2024-01-01`` are strings). ValueError when they cannot be read."""
    result = load_yaml(raw)
    if result.error is not None:
        raise ValueError(f"invalid YAML: {result.error.message}")
    if result.empty:
        return {}
    if not isinstance(result.data, dict):
        raise ValueError("front matter is not a YAML mapping")
    return result.data


def _chunks(fm: str) -> list[tuple[str, str]]:
    """Top-level (key, raw lines) chunks of a YAML mapping, in order."""
    chunks: list[tuple[str, str]] = []
    for line in _BREAK.split(fm):
        match = _TOP_KEY.match(line)
        if match:
            chunks.append((match.group(1).strip().strip("'\""), line))
        elif chunks:
            key, raw = chunks[-1]
            chunks[-1] = (key, raw + "\n" + line)
        else:
            chunks.append(("", line))
    return chunks


def merge_front_matter(old: str, new: dict[str, object], order: tuple[str, ...]) -> str:
    """Managed keys from ``new`` (aliases/tags keep items a person added); other keys verbatim."""
    data = read_front_matter(old)
    merged = dict(new)
    tags = data.get("tags")
    added = {  # aliases and tags keep items a person added; link lists are fully managed
        "aliases": obsidian_aliases(data),
        "tags": [v for v in tags if isinstance(v, str)] if isinstance(tags, list) else [],
    }
    for key, items in added.items():
        ours = new.get(key)
        if isinstance(ours, list):
            merged[key] = [*ours, *(v for v in items if v not in ours)]
    chunks = _chunks(old)
    managed = set(order)
    if "aliases" in managed:  # Obsidian reads the key in any case: 'Aliases' is that list too
        managed.update(key for key, _ in chunks if key.lower() == "aliases")
    lines = front_matter(merged, order)
    kept = [raw for key, raw in chunks if key not in managed and raw.strip()]
    return "\n".join([*lines, *kept])


def merge_body(body: str, sections: dict[str, str], managed: set[str]) -> Merged:
    """Replace/insert/remove marker sections of ``managed`` sources in an existing body."""
    result = Merged("")
    out: list[str] = []
    pos = 0
    done: set[str] = set()
    for found in find_sections(body):
        source, stop = found.source, found.end
        out.append(body[pos : found.start])
        pos = stop
        if source not in managed:
            out.append(body[found.start : stop])
            continue
        edited = found.hash is None or section_hash(found.inner.rstrip("\n")) != found.hash
        if edited:
            result.conflicts.append(source)
            out.append(body[found.start : stop])
        elif source in sections:
            out.append(section(source, sections[source]))
        else:
            result.dropped.append(source)
            if out:
                out[-1] = out[-1].rstrip("\n") + "\n"
            pos = stop + 1 if body[stop : stop + 1] == "\n" else stop
        done.add(source)
    tail = body[pos:]
    missing = [s for s in sections if s not in done]
    text = "".join(out) + tail
    if missing:
        text = text.rstrip("\n") + "\n\n" + "\n\n".join(section(s, sections[s]) for s in missing)
    result.text = text
    return result


def merge_note(  # noqa: PLR0917 - the note's parts, in the order they appear
    existing: str,
    fm: dict[str, object],
    order: tuple[str, ...],
    title: str,
    sections: dict[str, str],
    managed: set[str],
) -> Merged:
    """The new text of a note that already exists (or a new note when ``existing`` is '')."""
    if not existing:
        body = f"# {title}\n"
        merged = merge_body(body, sections, managed)
        merged.text = normalize(
            "---\n" + "\n".join(front_matter(fm, order)) + "\n---\n" + merged.text
        )
        return merged
    old_fm, body = split_front_matter(existing.replace("\r\n", "\n"))
    merged = merge_body(body, sections, managed)
    head = merge_front_matter(old_fm or "", fm, order)
    text = f"---\n{head}\n---\n{merged.text}"
    merged.text = text if text.endswith("\n") else text + "\n"  # a person's bytes stay as typed
    return merged
