"""What SQLGlot leaves in DuckDB's terms for every other engine, said in plain SQL."""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp


def rewrite(tree: exp.Expression, own: Callable[[exp.Expression], exp.Expression | None]) -> exp.Expression:
    """`tree` with GROUP BY ALL naming the positions of the selected expressions that aggregate
    nothing, and a sample of N rows read as the first N rows (PostgreSQL samples a share of a
    table's pages and Spark a fraction, never N rows of a query); every other node through the
    engine's `own` rewrite."""

    def said(node: exp.Expression) -> exp.Expression | None:
        if isinstance(node, exp.Group) and node.args.get("all"):
            plain = [exp.Literal.number(i + 1) for i, e in enumerate(node.parent.expressions)
                     if not e.find(exp.AggFunc)]
            return exp.Group(expressions=plain) if plain else None
        if isinstance(node, exp.Select) and isinstance(node.args.get("sample"), exp.TableSample):
            size = node.args["sample"].args.get("size")
            node.set("sample", None)
            return node.limit(size.copy(), copy=False) if size is not None else node
        return own(node)

    return tree.transform(said)
