"""Helpers shared by the tests (builders, strategies, snapshots, readers of generated output).

Test modules and conftest files import from here; no test module imports another.
"""
