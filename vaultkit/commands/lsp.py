"""`vaultkit lsp`: the language server, over stdin and stdout."""

from __future__ import annotations

import click


@click.command()
def lsp() -> int:
    """Speak the Language Server Protocol on stdin/stdout (for editors).

    The vault is the workspace folder the editor opens (or the `vault` its vaultkit
    configuration names); the configuration is the one `vaultkit check` reads there.
    """
    from vaultkit.lsp.server import serve  # noqa: PLC0415  (pygls only for this command)

    serve()
    return 0
