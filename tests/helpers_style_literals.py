"""A scan for style literals in Python source: the numbers and colours that belong in the theme.

``style_literals(source, named_colours())`` returns (line, what) for each
number or colour written where ReportLab (or one of briefgen's flowables)
takes a style: a style or drawing keyword (``fontSize=8``,
``strokeWidth=0.4``, ``padding=7``), a canvas setting
(``setLineWidth(0.4)``), a table style command
(``("TOPPADDING", (0, 0), (-1, -1), 2.5)``), a spacing attribute
(``box.spaceAfter = 4``), a default of such a parameter, a coordinate or
size in a drawing call (``String(left - 3, ...)``), a hex colour string or
one of ``reportlab.lib.colors``' named colours.

A number reaches those places through names too, and the scan follows them:
a local variable (``x = left - 3``), a parameter's default, a module
constant, or one imported from another briefgen module. What is not a size
passes: 0 and 1 (no padding, a whole share, a flag); 2 and 0.5 where they
halve or double, and 0.5 where it finds the middle of a slot
(``slot * (index + 0.5)``); conditions, indexes, text, exponents, angles,
and "no limit" (1e9). A proportion of geometry (sin 45°, the middle of a
font's capitals) is a named module constant that multiplies or divides
(``size * RATIO``): a constant added, subtracted, halved or passed as it
is, is a length, and belongs in the theme.
"""

from __future__ import annotations

import ast
import functools

from conftest import REPO

SRC = REPO / "src" / "briefgen"

# Keywords that set a size, spacing or colour: ReportLab's paragraph, drawing, flowable and document ones, and ours.
STYLE_KEYWORDS = frozenset(
    {
        *("fontSize", "leading", "spaceBefore", "spaceAfter", "leftIndent", "rightIndent", "firstLineIndent"),
        *("bulletIndent", "bulletFontSize", "borderWidth", "borderPadding", "borderRadius", "initialFontSize"),
        *("strokeWidth", "strokeDashArray", "fillColor", "strokeColor", "textColor", "backColor", "borderColor"),
        *("fillOpacity", "strokeOpacity", "leftPadding", "rightPadding", "topPadding", "bottomPadding"),
        *("topMargin", "bottomMargin", "leftMargin", "rightMargin"),
        *("border_width", "padding", "rule_width", "indent", "inset", "thickness", "space_before", "space_after"),
        *("max_height", "rise", "border"),
    }
)
CANVAS_SETTINGS = frozenset(
    {
        *("setLineWidth", "setFont", "setFontSize", "setFillAlpha", "setStrokeAlpha", "setDash"),
        *("setFillColor", "setStrokeColor", "setFillColorRGB", "setStrokeColorRGB", "setFillGray", "setStrokeGray"),
    }
)
# Calls whose arguments are coordinates and sizes: ReportLab's shapes, canvas and flowable calls, and ours.
DRAWING_CALLS = frozenset(
    {
        *("String", "Line", "Rect", "Circle", "Wedge", "Polygon", "PolyLine"),
        *("drawString", "drawCentredString", "drawRightString", "line", "rect", "drawImage", "translate", "linkRect"),
        *("Spacer", "Frame", "drawOn", "wrap", "wrapOn"),
        *("Rule", "OutlineEntry", "FooterGeometry", "Placed", "AgendaList", "ContentsEntry", "draw_image"),
        *("_draw", "_draw_line"),
    }
)
TABLE_COMMANDS = frozenset(
    {
        *("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING", "FONTSIZE", "LEADING"),
        *("LINEABOVE", "LINEBELOW", "LINEBEFORE", "LINEAFTER", "GRID", "INNERGRID", "BOX", "OUTLINE"),
        *("BACKGROUND", "TEXTCOLOR"),
    }
)
COLOUR_FACTORIES = frozenset({"Color", "HexColor", "CMYKColor", "toColor"})
# Functions whose arguments are angles or give ratios: what is written in them is not a length.
ANGLE_FUNCTIONS = frozenset({"cos", "sin", "tan", "atan2", "radians", "degrees"})
# Drawing calls' arguments that are angles, by position.
ANGLE_ARGUMENTS = {"Wedge": (3, 4)}
NO_LIMIT = 1e6  # a number this big is "no limit" (a height to measure in), not a size


def named_colours() -> frozenset[str]:
    from reportlab.lib import colors

    return frozenset(name for name, value in vars(colors).items() if isinstance(value, colors.Color))


def _is_number(value: object) -> bool:
    """Return whether ``value`` is a number that could be a size (1e9 is no size: "measure without a limit")."""
    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) < NO_LIMIT


def _children(node: ast.AST) -> list[ast.AST]:
    """Return the children of ``node`` that can carry a size: not conditions, indexes, text, exponents or angles."""
    if isinstance(node, ast.Compare | ast.JoinedStr):
        return []
    if isinstance(node, ast.IfExp):
        return [node.body, node.orelse]
    if isinstance(node, ast.Subscript):
        return [node.value]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        return [node.left]
    if isinstance(node, ast.Call) and _called_name(node) in ANGLE_FUNCTIONS:
        return [node.func]
    return list(ast.iter_child_nodes(node))


def _walk(node: ast.AST) -> list[tuple[ast.AST | None, ast.AST]]:
    """Return (parent, node) for ``node`` and every node below it that can carry a size."""
    found: list[tuple[ast.AST | None, ast.AST]] = [(None, node)]
    for _, child in found:  # grows as it goes: breadth first
        found += [(child, grandchild) for grandchild in _children(child)]
    return found


def _is_proportion(name: ast.Name, parent: ast.AST | None) -> bool:
    """Return whether a named constant is a proportion here: ``size * RATIO``, ``size / RATIO``; not ``GAP / 2``."""
    if not isinstance(parent, ast.BinOp):
        return False
    if isinstance(parent.op, ast.Div):
        return parent.right is name
    other = parent.left if parent.right is name else parent.right
    return isinstance(parent.op, ast.Mult) and not (isinstance(other, ast.Constant) and _is_number(other.value))


def _literals(node: ast.AST) -> list[ast.Constant]:
    """Return the numbers written in ``node`` but 0, 1 and the 2 that halves or doubles (True and False are flags).

    0.5 passes where it halves, or finds the middle of a slot: ``slot * (index + 0.5)``.
    """
    parents = {id(child): parent for parent, child in _walk(node)}
    found = []
    for parent, child in _walk(node):
        if not isinstance(child, ast.Constant) or not _is_number(child.value) or child.value in (0, 1):
            continue
        if child.value in (2, 0.5) and _is_operation(parent, ast.Mult, ast.Div):
            continue
        if child.value == 0.5 and _is_operation(parent, ast.Add) and _is_operation(parents.get(id(parent)), ast.Mult):
            continue
        found.append(child)
    return found


def _is_operation(node: ast.AST | None, *operators: type[ast.operator]) -> bool:
    return isinstance(node, ast.BinOp) and isinstance(node.op, operators)


def _colour_literals(node: ast.AST, named: frozenset[str]) -> list[ast.AST]:
    found: list[ast.AST] = []
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str) and child.value.startswith("#"):
            hex_digits = child.value[1:]
            if len(hex_digits) in (3, 6, 8) and all(c in "0123456789abcdefABCDEF" for c in hex_digits):
                found.append(child)
        elif isinstance(child, ast.Attribute) and child.attr in named and ast.unparse(child.value) == "colors":
            found.append(child)
        elif isinstance(child, ast.ImportFrom) and child.module == "reportlab.lib.colors":
            found += [child for alias in child.names if alias.name in named]
        elif isinstance(child, ast.Call) and _called_name(child) in COLOUR_FACTORIES and _literals(child):
            found.append(child)
    return found


def _called_name(call: ast.Call) -> str:
    function = call.func
    if isinstance(function, ast.Attribute):
        return function.attr
    return function.id if isinstance(function, ast.Name) else ""


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


class _Module:
    """One module's syntax tree, and what each name in it is bound to, so that a number can be traced to its use."""

    def __init__(self, source: str, where: str = "") -> None:
        self.tree = ast.parse(source)
        self.where = where  # how a line of it is named in a message: "" for the module scanned, else its path
        self.parents = {child: parent for parent in ast.walk(self.tree) for child in ast.iter_child_nodes(parent)}

    def literals(self, node: ast.AST, seen: set[tuple[int, int]] | None = None) -> list[str]:
        """Return the numbers written in ``node``, and those it takes through the names it uses, with their lines."""
        seen = set() if seen is None else seen
        found = [f"{ast.unparse(number)} ({self.where}line {number.lineno})" for number in _literals(node)]
        for parent, name in _walk(node):
            if not isinstance(name, ast.Name) or not isinstance(name.ctx, ast.Load):
                continue
            module, values, is_constant = self._bound(name)
            if is_constant and _is_proportion(name, parent):
                continue
            for value in values:
                if (id(module), id(value)) not in seen:
                    seen.add((id(module), id(value)))
                    found += module.literals(value, seen)
        return found

    def _bound(self, name: ast.Name) -> tuple[_Module, list[ast.expr], bool]:
        """Return the module and the values ``name`` is bound to there, and whether it is a module constant."""
        scope = self.parents.get(name)
        while scope is not None:
            if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                values = _assigned(scope, name.id) + _default_of(scope, name.id)
                if values or name.id in {a.arg for a in ast.walk(scope.args) if isinstance(a, ast.arg)}:
                    return self, values, False
            scope = self.parents.get(scope)
        values = _assigned(self.tree, name.id)
        if values:
            return self, values, True
        imported = _imported(self.tree, name.id)
        if imported is None:
            return self, [], False
        module, original = imported
        return module, _assigned(module.tree, original), True


def _in_scope(scope: ast.AST) -> list[ast.AST]:
    """Return the nodes of ``scope``'s own body, not those of the functions and classes defined in it."""
    nodes, stack = [], list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        nodes.append(node)
        if not isinstance(node, _SCOPES):
            stack.extend(ast.iter_child_nodes(node))
    return nodes


def _assigned(scope: ast.AST, name: str) -> list[ast.expr]:
    """Return every value ``scope`` binds to ``name`` (an unpacked tuple gives the matching item)."""
    values: list[ast.expr] = []
    for node in _in_scope(scope):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                values += _matching(target, node.value, name)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign | ast.NamedExpr) and node.value is not None:
            values += _matching(node.target, node.value, name)
    return values


def _matching(target: ast.expr, value: ast.expr, name: str) -> list[ast.expr]:
    if isinstance(target, ast.Name):
        return [value] if target.id == name else []
    if isinstance(target, ast.Tuple | ast.List):
        if isinstance(value, ast.Tuple | ast.List) and len(value.elts) == len(target.elts):
            return [v for t, v in zip(target.elts, value.elts, strict=True) for v in _matching(t, v, name)]
        return [value] if any(_matching(t, value, name) for t in target.elts) else []
    return []


def _default_of(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, name: str) -> list[ast.expr]:
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    pairs = list(zip(positional[len(positional) - len(arguments.defaults) :], arguments.defaults, strict=True))
    pairs += [(a, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True) if d is not None]
    return [default for argument, default in pairs if argument.arg == name]


@functools.cache
def _briefgen_module(dotted: str) -> _Module | None:
    parts = dotted.split(".")[1:]
    for path in (SRC.joinpath(*parts).with_suffix(".py"), SRC.joinpath(*parts, "__init__.py")):
        if parts and path.is_file():
            return _Module(path.read_text(), f"{path.relative_to(SRC)} ")
    return None


def _imported(tree: ast.Module, name: str) -> tuple[_Module, str] | None:
    """Return the briefgen module ``name`` is imported from, and its name there."""
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("briefgen."):
            for alias in node.names:
                if (alias.asname or alias.name) == name:
                    module = _briefgen_module(node.module)
                    return (module, alias.name) if module is not None else None
    return None


def _traced(module: _Module, node: ast.AST) -> str:
    """Return the numbers ``node`` takes, and where each is written: "" for none."""
    return ", ".join(sorted(set(module.literals(node))))


def _in_call(module: _Module, node: ast.Call) -> list[tuple[int, str]]:
    name = _called_name(node)
    found = [
        (keyword.value.lineno, f"{name}({keyword.arg}={ast.unparse(keyword.value)}): {traced}")
        for keyword in node.keywords
        if keyword.arg in STYLE_KEYWORDS or name in DRAWING_CALLS
        if (traced := _traced(module, keyword.value))
    ]
    if name in CANVAS_SETTINGS | DRAWING_CALLS:
        found += [
            (arg.lineno, f"{name}(... {ast.unparse(arg)} ...): {traced}")
            for position, arg in enumerate(node.args)
            if position not in ANGLE_ARGUMENTS.get(name, ())
            if (traced := _traced(module, arg))
        ]
    return found


def _in_table_command(module: _Module, node: ast.Tuple) -> list[tuple[int, str]]:
    # ("LINEBELOW", (0, 0), (-1, 0), 0.7, rule): the cell coordinates come first, then the values.
    first = node.elts[0] if node.elts else None
    is_command = isinstance(first, ast.Constant) and first.value in TABLE_COMMANDS
    traced = ", ".join(filter(None, (_traced(module, value) for value in node.elts[3:])))
    return [(node.lineno, f"table style {ast.unparse(node)}: {traced}")] if is_command and traced else []


def _in_assignment(module: _Module, node: ast.Assign) -> list[tuple[int, str]]:
    targets = [t for target in node.targets for t in (target.elts if isinstance(target, ast.Tuple) else [target])]
    styled = any(isinstance(t, ast.Attribute) and t.attr in STYLE_KEYWORDS for t in targets)
    traced = _traced(module, node.value) if styled else ""
    return [(node.lineno, f"{ast.unparse(node)}: {traced}")] if traced else []


def _in_defaults(node: ast.FunctionDef) -> list[tuple[int, str]]:
    return [
        (default.lineno, f"def {node.name}({argument.arg}={ast.unparse(default)})")
        for argument in ast.walk(node.args)
        if isinstance(argument, ast.arg) and argument.arg in STYLE_KEYWORDS
        for default in _default_of(node, argument.arg)
        if _literals(default)
    ]


def style_literals(source: str, named_colours: frozenset[str]) -> list[tuple[int, str]]:
    """Return (line, what) for each style literal in ``source``."""
    module = _Module(source)
    found: list[tuple[int, str]] = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Call):
            found += _in_call(module, node)
        elif isinstance(node, ast.Tuple):
            found += _in_table_command(module, node)
        elif isinstance(node, ast.Assign):
            found += _in_assignment(module, node)
        elif isinstance(node, ast.FunctionDef):
            found += _in_defaults(node)
    found += [
        (getattr(node, "lineno", 0), f"colour {ast.unparse(node)}")
        for node in _colour_literals(module.tree, named_colours)
    ]
    return sorted(set(found))
