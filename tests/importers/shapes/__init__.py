"""Tests of the shape readers (vaultkit/importers/shapes/)."""
