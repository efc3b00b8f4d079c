"""English function words, left out when definitions are compared as bags of words."""

from __future__ import annotations

FUNCTION_WORDS = frozenset({
    "the", "and", "for", "with", "that", "this", "its", "are", "was", "were", "from", "into",
    "than", "then", "each", "one", "two", "their", "they", "you", "your", "can", "not", "but",
    "which", "when", "like", "also", "such", "any", "all", "has", "have", "had", "more",
    "most", "only", "other", "some", "what", "where", "who", "how", "why", "does", "done",
    "over", "very", "just", "used", "uses", "using",
})

# and the short ones, modal verbs and pointers, for a comparison that keeps short words
MORE_FUNCTION_WORDS = FUNCTION_WORDS | frozenset({
    "about", "after", "an", "as", "at", "be", "before", "by", "could", "e.g", "i.e", "if", "in",
    "is", "it", "may", "might", "no", "of", "on", "or", "per", "should", "so", "them", "there",
    "these", "those", "to", "via", "will", "would", "yes",
})
