"""A tiny renderer for Python expressions whose output ``ruff format`` leaves unchanged.

A bracketed expression is written on one line when it fits in :data:`LINE_LENGTH`;
otherwise it is exploded one item per line with a trailing comma, which ruff keeps as is
(the "magic trailing comma").
"""

from __future__ import annotations

from dataclasses import dataclass, field

LINE_LENGTH = 100
INDENT = "    "


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple[Expr, ...] = ()
    kwargs: tuple[tuple[str, Expr], ...] = ()


@dataclass(frozen=True)
class Seq:
    """A list (``[]``), tuple (``()``) or dict (``{}``; items are ``(key, value)`` pairs)."""

    brackets: str
    items: tuple[Expr, ...] = field(default=())


@dataclass(frozen=True)
class Pair:
    key: str
    value: Expr


Expr = str | Call | Seq | Pair


def flat(expr: Expr) -> str:
    if isinstance(expr, str):
        return expr
    if isinstance(expr, Pair):
        return f"{expr.key}: {flat(expr.value)}"
    if isinstance(expr, Call):
        parts = [flat(a) for a in expr.args] + [f"{k}={flat(v)}" for k, v in expr.kwargs]
        return f"{expr.func}({', '.join(parts)})"
    inner = ", ".join(flat(i) for i in expr.items)
    if expr.brackets == "()" and len(expr.items) == 1:
        inner += ","
    return f"{expr.brackets[0]}{inner}{expr.brackets[1]}"


def _items(expr: Call | Seq | Pair) -> tuple[str, str, list[tuple[str, Expr]]]:
    if isinstance(expr, Call):
        items = [("", a) for a in expr.args] + [(f"{k}=", v) for k, v in expr.kwargs]
        return f"{expr.func}(", ")", items
    if isinstance(expr, Seq):
        return expr.brackets[0], expr.brackets[1], [("", i) for i in expr.items]
    raise TypeError("a dict item is exploded through its value")


def render(expr: Expr, indent: int = 0, head: str = "", tail: str = "") -> list[str]:
    """Lines for ``head + expr + tail`` at ``indent`` levels, each within the line length."""
    pad = INDENT * indent
    line = f"{pad}{head}{flat(expr)}{tail}"
    if len(line) <= LINE_LENGTH or isinstance(expr, str):
        return [line]
    if isinstance(expr, Pair):
        return render(expr.value, indent, f"{head}{expr.key}: ", tail)
    opening, closing, items = _items(expr)
    if not items:
        return [line]
    lines = [f"{pad}{head}{opening}"]
    for prefix, item in items:
        lines.extend(render(item, indent + 1, prefix, ","))
    lines.append(f"{pad}{closing}{tail}")
    return lines
