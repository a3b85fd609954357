"""`--store DIR` wherever a user puts it: before the subcommand or after it, as git-style tools allow.

`policykg --store X build` and `policykg build --store X` mean the same, and so does
`POLICYKG_STORE=X policykg build` (read by `graph.store.store_path` when no option is given).
The option is attached to every subcommand when the command line is resolved, so commands and
command groups added anywhere get it without declaring it; its value becomes the context's
`obj`, which the commands read with `@click.pass_obj`. Given in both places, the later wins.
"""
from __future__ import annotations

from pathlib import Path

import click

from graph.store import STORE_ENV

STORE_HELP = f"Store directory [default: ${STORE_ENV}, else ./data/store]."


def store_option() -> click.Option:
    """The `--store` option; its value (when given) is set as the context's `obj`."""
    return click.Option(["--store", "store_dir"], type=click.Path(file_okay=False, path_type=Path),
                        expose_value=False, callback=_remember, help=STORE_HELP)


def accept_store_option(command: click.Command) -> None:
    """Give `command`, and every subcommand of it if it is a group, the `--store` option (once)."""
    if not any(param.name == "store_dir" for param in command.params):
        command.params.append(store_option())
    if isinstance(command, click.Group):
        for subcommand in command.commands.values():
            accept_store_option(subcommand)


def _remember(ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
    if value is not None:
        ctx.obj = value
    return value
