"""Command-line value types that refuse what would break a command later: `--timeout nan` or `inf`.

Click's FloatRange lets NaN through (every comparison with it is false) and infinity, which
asyncio and `poll` then reject with an OverflowError on every query. `SECONDS` accepts only a
finite number of seconds above zero: `--timeout 2.5`.
"""
from __future__ import annotations

import math

import click


class FiniteSeconds(click.ParamType):
    """A finite, positive number of seconds."""

    name = "seconds"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            seconds = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(seconds) or seconds <= 0:
            self.fail(f"{value!r} is not a finite number of seconds above 0, e.g. 30", param, ctx)
        return seconds


SECONDS = FiniteSeconds()
