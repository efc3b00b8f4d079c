"""The one merged GLOSSARY.md: :mod:`.reader` reads term notes into :mod:`.records`,
:mod:`.render` writes Markdown with :mod:`.slug`'s GitHub anchors, :mod:`.compiler` writes the
file and checks that it is fresh."""
