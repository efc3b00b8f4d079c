"""Front matter read with YAML 1.2 core-schema rules, positions kept.

:mod:`.simple` reads the flat front matter most notes have; :mod:`.full` reads everything
else through libyaml's composer; :mod:`.values` holds the values, scalar rules and the result.
"""
