"""Link text helpers: a wikilink's parts and JavaScript's decodeURI."""

from __future__ import annotations

from vaultkit.notes.linktext import decode_uri, split_wikilink


def test_split_wikilink_and_decode_uri_helpers() -> None:
    assert split_wikilink("  Note#H|x  ", embed=False) == ("Note", "#H", "x")
    assert split_wikilink("img.png| 100 x 20 ", embed=True) == ("img.png", "", None)
    assert split_wikilink("   ", embed=False) is None
    assert decode_uri("a%20b%23c%2F%3F%26") == "a b%23c%2F%3F%26"
    assert decode_uri("%E2%82%AC") == "€"
    assert decode_uri("%") is None
    assert decode_uri("%zz") is None
    assert decode_uri("%C3") is None
    assert decode_uri("%ED%A0%80") is None  # a lone surrogate: decodeURI throws
