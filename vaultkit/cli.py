"""The command line: a click group whose commands are imported only when used.

Commands live in ``vaultkit/commands/<name>.py`` and only wire options to the core.
Exceptions are mapped to exit codes in one place, :func:`main`.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Sequence

import click

from vaultkit import __version__
from vaultkit.errors import ExitCode, VaultkitError

# command name -> "module:attribute"; imported lazily so `vaultkit --version` stays fast
COMMANDS: dict[str, str] = {
    "check": "vaultkit.commands.check:check",
    "links": "vaultkit.commands.links:links",
    "import": "vaultkit.commands.import_:import_",
    "build": "vaultkit.commands.build:build",
    "fmt": "vaultkit.commands.fmt:fmt",
    "glossary": "vaultkit.commands.glossary:glossary",
    "graph": "vaultkit.commands.graph:graph",
    "rules": "vaultkit.commands.rules:rules",
    "mv": "vaultkit.commands.mv:mv",
    "rename-heading": "vaultkit.commands.rename_heading:rename_heading",
    "lsp": "vaultkit.commands.lsp:lsp",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._available(name))

    @staticmethod
    def _available(name: str) -> bool:
        module = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(module) is not None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None or not self._available(cmd_name):
            return None
        module_name, attr = target.split(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vaultkit")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Turn glossaries into one Obsidian vault, keep it healthy, and compile it."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    from vaultkit.parallel import cli_gc_policy  # noqa: PLC0415  (not for --version)

    ctx.with_resource(cli_gc_policy())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code; the one place exceptions become exit codes.

    With no ``argv`` this is the program itself (``vaultkit``, ``python -m vaultkit``), which
    ends when this returns: the collector is set up for that (:func:`parallel.before_exit`).
    """
    code = _run(list(sys.argv[1:] if argv is None else argv))
    if argv is None:
        from vaultkit.parallel import before_exit  # noqa: PLC0415  (not for a caller's main([...]))

        before_exit()
    return code


def _run(args: list[str]) -> int:
    debug = "--debug" in args
    try:
        result = cli.main(args=args, prog_name="vaultkit", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Interrupted.", err=True)
        return int(ExitCode.INTERRUPTED)
    except click.ClickException as exc:
        exc.show()
        return int(ExitCode.USAGE)
    except VaultkitError as exc:
        click.echo(f"vaultkit: error: {exc}", err=True)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        return int(ExitCode.OK)
    except ModuleNotFoundError as exc:
        missing = (exc.name or "").split(".")[0]
        if not missing or missing == "vaultkit" or debug:
            raise
        click.echo(
            f"vaultkit: error: the package '{missing}' that vaultkit needs is not installed in "
            f"this Python ({sys.executable}). Install vaultkit with pip (pip install vaultkit, "
            "or pip install . in its checkout) so its dependencies come with it.",
            err=True,
        )
        return int(ExitCode.USAGE)
    except OSError as exc:  # the disk, not vaultkit: full, read-only, permissions
        where = f" {exc.filename}" if exc.filename else ""
        click.echo(f"vaultkit: error: cannot complete:{where}: {exc.strerror or exc}", err=True)
        return int(ExitCode.FINDINGS)
    except Exception as exc:
        if debug:
            raise
        click.echo(
            f"vaultkit: internal error: {type(exc).__name__}: {exc}\n"
            f"This is a bug in vaultkit {__version__}. Re-run with --debug for a traceback "
            "and include it in a bug report.",
            err=True,
        )
        return int(ExitCode.INTERNAL)
    return int(result or 0)
