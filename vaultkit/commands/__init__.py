"""The command line's commands, one module each (imported only when the command runs): each
wires click options to the core and returns an exit code; :mod:`vaultkit.cli` maps errors to
exit codes in one place. May import anything in the package; nothing imports it."""
