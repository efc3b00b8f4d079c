"""`vaultkit rules`: every rule with its code, name, default severity and summary."""

from __future__ import annotations

import json

import click

from vaultkit.lint.rules import all_rules


@click.command()
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def rules(output_format: str) -> int:
    """List every rule (code, name, default severity, enabled by default, summary)."""
    entries = all_rules()
    if output_format == "json":
        data = [
            {"code": r.code, "name": r.name, "severity": r.severity.value, "enabled": r.enabled,
             "summary": r.summary}
            for r in entries
        ]
        click.echo(json.dumps(data, indent=2))
        return 0
    width = max(len(r.name) for r in entries)
    for r in entries:
        state = "on " if r.enabled else "off"
        click.echo(f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {state}  {r.summary}")
    return 0
