"""The console side of naming an actor in a named query: say which actors a name matched.

`query --name duties-of-actor --param actor=SEBI` looks the name up with
`graph.actor_lookup.find_actors` (labels, aliases, abbreviations, short forms), tells the user on
stderr which actors it took, and asks the query for all of them; a name that matches nothing is
an error listing the nearest names there are, instead of an empty result that looks like an answer.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import click
from pyoxigraph import Store

from graph import GraphError
from graph.actor_lookup import find_actors, nearest_names
from graph.named_queries import NamedQuery

ACTOR_TYPE = "name"  # the parameter type of a label or alias (see graph.named_queries)


def resolve_actor_names(store: Store, query: NamedQuery, params: Mapping[str, str],
                        sources: Sequence[str]) -> dict[str, str | list[str]]:
    """`params` with each actor name replaced by the lookup keys of the actors it matched."""
    resolved: dict[str, str | list[str]] = dict(params)
    for parameter in query.parameters:
        if parameter.type != ACTOR_TYPE or parameter.name not in params:
            continue
        name = params[parameter.name]
        matches = find_actors(store, name, sources)
        if not matches:
            nearest = nearest_names(store, name, sources)
            hint = f"nearest names: {', '.join(nearest)}" if nearest else "`policykg query --name actor-duty-load` lists them"
            raise GraphError(f"no actor is named {name!r}; {hint}")
        said = "; ".join(match.describe() for match in matches)
        click.echo(f"policykg: {parameter.name} {name!r} matched {said}", err=True)
        resolved[parameter.name] = sorted({match.key for match in matches})
    return resolved
