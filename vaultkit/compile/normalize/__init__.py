"""A note's normal form: front matter (:mod:`.frontmatter`), links (:mod:`.links`), the whole
note (:mod:`.note`) and every note of a vault with its schema (:mod:`.vault`)."""
