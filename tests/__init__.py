"""vaultkit's test suite; a package so that ``tests.helpers`` imports the same way from anywhere."""
