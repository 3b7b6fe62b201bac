"""The import graph between the parts of the package follows ``cartif_lms.architecture.LAYERS``.

The graph is read from the source with ``ast`` (every ``import``, at module level or inside a
function, absolute or relative), so it also sees the late imports that dodge a cycle at run
time.
"""

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import cartif_lms
from cartif_lms.architecture import LAYERS

PACKAGE = Path(cartif_lms.__file__).parent


@dataclass(frozen=True)
class Import:
    source: str  #: the importing part
    target: str  #: the imported part
    where: str  #: path:line of the import statement

    def __str__(self) -> str:
        return f"{self.where}: {self.source} -> {self.target}"


def module_name(path: Path, package: Path = PACKAGE) -> str:
    """``cartif_lms/quizzes/views.py`` -> ``cartif_lms.quizzes.views`` (a package: its name)."""
    parts = [package.name, *path.relative_to(package).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part_of(module: str) -> str:
    """The part a module belongs to: its subpackage, its top-level module, or ``X.models``."""
    names = module.split(".")[1:]
    if not names:
        return module  # the package's own __init__
    if len(names) > 1 and names[1] == "models":
        return f"{names[0]}.models"
    return names[0]


def imported_modules(tree: ast.Module, module: str, is_package: bool) -> list[tuple[str, int]]:
    """Every absolute name ``module`` imports (as ``a.b`` and ``a.b.name``) with its line,
    leaving out imports under ``if TYPE_CHECKING:``."""
    found: list[tuple[str, int]] = []
    package = module.split(".") if is_package else module.split(".")[:-1]

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, *([node.module] if node.module else [])])
            found.append((name, node.lineno))
            found.extend((f"{name}.{alias.name}", node.lineno) for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def package_imports(package: Path = PACKAGE) -> list[Import]:
    """The imports between different parts of ``package``, once per statement."""
    paths = sorted(package.rglob("*.py"))
    modules = {module_name(path, package) for path in paths}
    imports: dict[Import, None] = {}
    for path in paths:
        module = module_name(path, package)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, line in imported_modules(tree, module, path.name == "__init__.py"):
            target = _known_module(name, modules)
            if target is None or name == package.name:
                continue  # outside the package, or the package itself as a container
            source_part, target_part = part_of(module), part_of(target)
            if source_part != target_part:
                where = f"{path.relative_to(package.parent)}:{line}"
                imports[Import(source_part, target_part, where)] = None
    return list(imports)


def _known_module(name: str, modules: set[str]) -> str | None:
    """The longest prefix of ``name`` that is a module of the package (``a.b.Class`` -> ``a.b``)."""
    names = name.split(".")
    for end in range(len(names), 0, -1):
        candidate = ".".join(names[:end])
        if candidate in modules:
            return candidate
    return None


def cycles(imports: list[Import]) -> list[list[str]]:
    """The groups of parts that import each other in a ring (strongly connected components
    of more than one part), each sorted."""
    graph: dict[str, set[str]] = defaultdict(set)
    for imp in imports:
        graph[imp.source].add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(part: str) -> None:  # Tarjan's algorithm
        index[part] = low[part] = len(index)
        stack.append(part)
        for other in sorted(graph[part]):
            if other not in index:
                connect(other)
                low[part] = min(low[part], low[other])
            elif other in stack:
                low[part] = min(low[part], index[other])
        if low[part] == index[part]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == part:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for part in sorted(graph):
        if part not in index:
            connect(part)
    return sorted(found)


def layer_of() -> dict[str, int]:
    return {part: number for number, layer in enumerate(LAYERS) for part in layer}


def against_layers(imports: list[Import]) -> list[Import]:
    """Imports of a part in the same layer or a layer above (unplaced parts are skipped)."""
    layers = layer_of()
    return [
        imp
        for imp in imports
        if imp.source in layers
        and imp.target in layers
        and layers[imp.target] >= layers[imp.source]
    ]


def graph_text(imports: list[Import]) -> str:
    """The graph as ``part -> parts`` lines, to read in a failure message."""
    graph: dict[str, set[str]] = defaultdict(set)
    for imp in imports:
        graph[imp.source].add(imp.target)
    return "\n".join(f"{part} -> {', '.join(sorted(graph[part]))}" for part in sorted(graph))


def test_no_two_parts_of_the_package_import_each_other_in_a_ring():
    imports = package_imports()
    rings = cycles(imports)
    details = [str(i) for i in imports if any({i.source, i.target} <= set(r) for r in rings)]
    assert rings == [], "\n".join([*details, "", graph_text(imports)])


def test_every_import_points_down_the_layers():
    wrong = against_layers(package_imports())
    assert [str(imp) for imp in wrong] == [], "see LAYERS in cartif_lms/architecture.py"


def test_every_part_of_the_package_has_a_layer():
    parts = {part_of(module_name(path)) for path in PACKAGE.rglob("*.py")}
    placed = [part for layer in LAYERS for part in layer]
    assert sorted(parts - set(placed)) == [], "add each new part to one layer of LAYERS"
    assert sorted(set(placed) - parts) == [], "LAYERS names a part that no longer exists"
    assert len(placed) == len(set(placed)), "a part is in two layers"


def test_the_curriculum_imports_no_quiz_exercise_or_capacity_module():
    """The item kinds plug into ``content`` through its registry; it never imports them."""
    layers = layer_of()
    for higher in ("quizzes", "quizzes.models", "drafting", "drafting.models", "capacity"):
        assert layers[higher] > layers["content"], higher
    assert layers["capacity.models"] > layers["content"]


def test_the_graph_sees_relative_late_and_aliased_imports_but_not_type_checking_ones(tmp_path):
    package = tmp_path / "pkg"
    (package / "low").mkdir(parents=True)
    (package / "high").mkdir()
    for folder in (package, package / "low", package / "high"):
        (folder / "__init__.py").write_text("")
    (package / "db.py").write_text("")
    (package / "low" / "models.py").write_text("from .. import db\n")
    (package / "low" / "rules.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from ..high.views import page\n"
        "else:\n"
        "    import pkg.db\n"
        "def late():\n"
        "    from pkg.high import views\n"
    )
    (package / "high" / "views.py").write_text(
        "from ..low.models import Thing\nfrom . import helpers\nfrom pkg import low\n"
    )
    (package / "high" / "helpers.py").write_text("")

    found = {(imp.source, imp.target, imp.where) for imp in package_imports(package)}

    assert found == {
        ("low.models", "db", "pkg/low/models.py:1"),
        ("low", "db", "pkg/low/rules.py:5"),
        ("low", "high", "pkg/low/rules.py:7"),
        ("high", "low.models", "pkg/high/views.py:1"),
        ("high", "low", "pkg/high/views.py:3"),
    }
    assert cycles([Import(s, t, w) for s, t, w in found]) == [["high", "low"]]
