"""ANSI colors for output a person reads, and when to use them.

:func:`use_color` decides (FORCE_COLOR, then NO_COLOR, then ``TERM=dumb``, then whether the
stream is a terminal); a :class:`Palette` paints, or returns text unchanged when colors are off.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from vaultkit.notes.model import Severity

_RESET = "\x1b[0m"
CODES = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "cyan": "36",
}
SEVERITY_COLOR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def use_color(env: Mapping[str, str], is_terminal: bool) -> bool:
    """Colors or not, for a stream that ``is_terminal`` or not.

    ``FORCE_COLOR`` set to any non-empty value turns them on, also when the output is piped;
    it wins over ``NO_COLOR``, as force-color.org's reference implementation does (NO_COLOR is a
    standing preference, FORCE_COLOR usually set for one run or one CI job). Otherwise
    ``NO_COLOR`` set to any non-empty value turns them off (no-color.org), and so does
    ``TERM=dumb``; otherwise colors go to a terminal only.
    """
    if env.get("FORCE_COLOR"):
        return True
    if env.get("NO_COLOR"):
        return False
    if env.get("TERM") == "dumb":
        return False
    return is_terminal


@dataclass(frozen=True)
class Palette:
    """Paints text with ANSI styles when ``enabled``; otherwise returns it unchanged."""

    enabled: bool = False

    def paint(self, text: str, *styles: str) -> str:
        if not self.enabled or not styles or not text:
            return text
        codes = ";".join(CODES[s] for s in styles)
        return f"\x1b[{codes}m{text}{_RESET}"

    def severity(self, text: str, severity: Severity) -> str:
        return self.paint(text, "bold", SEVERITY_COLOR[severity])


PLAIN = Palette(False)
