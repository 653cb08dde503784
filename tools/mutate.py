"""A small mutation tester: does some test fail when one operator of a rule is changed?

    python tools/mutate.py claims:robustness,scorecard tests/test_claims.py [--out FILE]
        [--timeout SECONDS] [-k EXPRESSION]

For each function named (``module:function,function``, or ``module:*`` for every top-level
function; module under ``analysis/``), every
mutation site inside it becomes one mutant: a comparison turned into its neighbour (``<``
into ``<=``, ``==`` into ``!=``, ``in`` into ``not in``), ``and`` into ``or``, ``&`` into
``|``, a ``not`` or ``~`` dropped, ``+`` into ``-``, an integer ``n`` into ``n + 1``,
``True`` into ``False``, ``min`` into ``max`` and ``any`` into ``all`` (functions and
methods: ``.min()`` into ``.max()``), the last string dropped from a tuple of strings.
Annotations and default values are left alone. Each mutant is run in a
forked child of one pytest session that has already collected the given tests (imports,
assert rewriting and collection happen once): the child compiles the mutated function alone
into its module, points every reference to the old function (in any loaded module, the
tests' too) at it, and runs the collected tests, stopping at the first failure. A failing test kills the mutant; a mutant that runs past ``--timeout`` counts
as killed (by timeout) and is listed as such.

The report (``--out``, Markdown) lists every mutant with its line, what was changed and its
fate, and the score: killed / all. Nothing is written into the source tree: mutants exist
only in the children's memory. The machine is shared: run it ``nice``, on the modules and
tests that matter, and bound it with ``--timeout``.
"""

from __future__ import annotations

import argparse
import ast
import copy
import importlib
import os
import signal
import sys
import time
import types
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COMPARE_SWAPS: dict[type, type] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
BINOP_SWAPS: dict[type, type] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.BitAnd: ast.BitOr,
    ast.BitOr: ast.BitAnd,
    ast.Mult: ast.FloorDiv,
}
#: The package is imported before pytest starts (to keep children warm): its imports are
#: not rewritten, which pytest would otherwise turn into an error.
QUIET = ("-W", "ignore::pytest.PytestAssertRewriteWarning")
CALL_SWAPS = {"min": "max", "max": "min", "any": "all", "all": "any"}
METHOD_SWAPS = {
    "min": "max", "max": "min", "any": "all", "all": "any", "idxmin": "idxmax",
    "idxmax": "idxmin", "nsmallest": "nlargest", "nlargest": "nsmallest",
}  # fmt: skip
SYMBOL = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.Add: "+",
    ast.Sub: "-", ast.BitAnd: "&", ast.BitOr: "|", ast.Mult: "*", ast.FloorDiv: "//",
}  # fmt: skip


@dataclass
class Site:
    """One mutation: the node's number in the function's walk, its line, what changes."""

    function: str
    number: int
    line: int
    change: str


def _mutation(node: ast.AST) -> tuple[str, ast.AST] | None:
    """What ``node`` becomes as a mutant (description, new node), or None."""
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in COMPARE_SWAPS:
        old = type(node.ops[0])
        new = copy.copy(node)
        new.ops = [COMPARE_SWAPS[old]()]
        return f"{SYMBOL[old]} -> {SYMBOL[COMPARE_SWAPS[old]]}", new
    if isinstance(node, ast.BoolOp):
        new = copy.copy(node)
        new.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        return ("and -> or" if isinstance(node.op, ast.And) else "or -> and"), new
    if isinstance(node, ast.BinOp) and type(node.op) in BINOP_SWAPS:
        old = type(node.op)
        new = copy.copy(node)
        new.op = BINOP_SWAPS[old]()
        return f"{SYMBOL[old]} -> {SYMBOL[BINOP_SWAPS[old]]}", new
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.Invert)):
        return ("drop not" if isinstance(node.op, ast.Not) else "drop ~"), node.operand
    if isinstance(node, ast.Constant) and type(node.value) is bool:
        return f"{node.value} -> {not node.value}", ast.Constant(not node.value)
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return f"{node.value} -> {node.value + 1}", ast.Constant(node.value + 1)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in METHOD_SWAPS
    ):
        new = copy.copy(node)
        new.func = copy.copy(node.func)
        new.func.attr = METHOD_SWAPS[node.func.attr]
        return f".{node.func.attr}() -> .{new.func.attr}()", new
    if (
        isinstance(node, ast.Tuple)
        and len(node.elts) >= 2
        and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)
    ):
        new = copy.copy(node)
        new.elts = node.elts[:-1]
        return f"drop {node.elts[-1].value!r} from the tuple", new
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in CALL_SWAPS
    ):
        new = copy.copy(node)
        new.func = ast.Name(CALL_SWAPS[node.func.id], ast.Load())
        return f"{node.func.id}() -> {CALL_SWAPS[node.func.id]}()", new
    return None


class _Mutator(ast.NodeTransformer):
    """Replace the ``target``-th mutable node of a walk (or, with target None, count them)."""

    def __init__(self, target: int | None, function: str) -> None:
        self.target = target
        self.function = function
        self.count = 0
        self.sites: list[Site] = []

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        """Only the body: annotations and defaults are no rules."""
        node.body = [self.visit(statement) for statement in node.body]
        return node

    def generic_visit(self, node: ast.AST) -> ast.AST:
        node = super().generic_visit(node)
        if isinstance(node, ast.expr) and not _in_docstring(node):
            mutation = _mutation(node)
            if mutation is not None:
                number = self.count
                self.count += 1
                change, new = mutation
                self.sites.append(Site(self.function, number, node.lineno, change))
                if number == self.target:
                    return ast.copy_location(new, node)
        return node


def _in_docstring(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def function_node(tree: ast.Module, name: str) -> ast.FunctionDef:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node
    raise SystemExit(f"no top-level function {name!r}")


def sites_of(tree: ast.Module, name: str) -> list[Site]:
    counter = _Mutator(None, name)
    counter.visit(copy.deepcopy(function_node(tree, name)))
    return counter.sites


def mutant(tree: ast.Module, site: Site) -> ast.Module:
    """A module holding only the mutated function (compiled into the real module's dict)."""
    node = copy.deepcopy(function_node(tree, site.function))
    mutated = _Mutator(site.number, site.function).visit(node)
    module = ast.Module(body=[mutated], type_ignores=[])
    return ast.fix_missing_locations(module)


def install(module: types.ModuleType, name: str, code: types.CodeType) -> None:
    """Define the mutated ``name`` in ``module`` and point every loaded reference at it."""
    old = getattr(module, name)
    exec(code, module.__dict__)
    new = getattr(module, name)
    for loaded in list(sys.modules.values()):
        namespace = getattr(loaded, "__dict__", None)
        if not namespace or loaded is module:
            continue
        for key, value in list(namespace.items()):
            if value is old:
                namespace[key] = new


def wait(pid: int, timeout: float) -> tuple[str, float]:
    start = time.monotonic()
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            return ("survived" if code == 0 else "killed" if code == 1 else f"error {code}"), (
                time.monotonic() - start
            )
        if time.monotonic() - start > timeout:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return "killed (timeout)", time.monotonic() - start
        time.sleep(0.05)


class MutationLoop:
    """A pytest plugin: after collection, run the collected tests once as they are and once
    per mutant, each time in a forked child (so collection, imports and assert rewriting
    happen once), stopping a child at its first failing test."""

    def __init__(self, module_name, tree, path, sites, timeout, log) -> None:
        self.module_name = module_name
        self.tree = tree
        self.path = path
        self.sites = sites
        self.timeout = timeout
        self.log = log
        self.results: list[tuple[Site, str, float]] = []
        self.baseline: tuple[str, float] | None = None

    def say(self, text: str) -> None:
        with self.log.open("a", encoding="utf-8") as handle:
            handle.write(text + "\n")

    def _run(self, session, site: Site | None, timeout: float) -> tuple[str, float]:
        from _pytest.runner import runtestprotocol

        code = None if site is None else compile(mutant(self.tree, site), str(self.path), "exec")
        pid = os.fork()
        if pid == 0:
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                os.dup2(devnull, 2)
                if site is not None:
                    module = importlib.import_module(f"analysis.{self.module_name}")
                    install(module, site.function, code)
                items = session.items
                for index, item in enumerate(items):
                    following = items[index + 1] if index + 1 < len(items) else None
                    reports = runtestprotocol(item, nextitem=following, log=False)
                    if any(report.failed for report in reports):
                        if site is None:  # the baseline: say which test fails, and why
                            failed = next(r for r in reports if r.failed)
                            self.say(f"baseline failure: {item.nodeid}: {failed.longreprtext}")
                        os._exit(1)
                os._exit(0)
            except BaseException:
                os._exit(99)
        return wait(pid, timeout)

    def pytest_runtestloop(self, session) -> bool:
        self.baseline = self._run(session, None, 3600)
        fate, seconds = self.baseline
        if fate != "survived":
            self.say(f"the tests fail without a mutant ({fate}): fix them first")
            return True
        timeout = self.timeout or max(30.0, 3 * seconds)
        self.say(
            f"{len(self.sites)} mutants, {len(session.items)} tests; baseline {seconds:.1f} s, "
            f"timeout {timeout:.0f} s"
        )
        for site in self.sites:
            fate, took = self._run(session, site, timeout)
            self.results.append((site, fate, took))
            self.say(
                f"{self.module_name}.py:{site.line} {site.function}: {site.change}: {fate} "
                f"({took:.1f} s)"
            )
        return True


def _numbered(keys: list[tuple[str, str, str]]) -> list[tuple[str, str, str, int]]:
    """Each key with the number of equal keys before it: two mutants of one kind on one line
    (``"in -> not in"`` twice) stay apart."""
    seen: dict[tuple[str, str, str], int] = {}
    numbered = []
    for key in keys:
        numbered.append((*key, seen.get(key, 0)))
        seen[key] = seen.get(key, 0) + 1
    return numbered


def survivors_among(sites: list[Site], report: str) -> list[Site]:
    """The sites a previous report (``--out``) lists as survived, matched by line, function,
    change and their order among equal ones; the report must be of the same source."""
    rows = []
    for line in report.splitlines():
        if line.startswith("| ") and not line.startswith("| line "):
            # The change may hold a "|" itself (``| -> &``): it is all between the 2nd and last.
            cells = line.strip()[1:-1].split("|")
            change = "|".join(cells[2:-1]).strip().removeprefix("`").removesuffix("`")
            rows.append((cells[0].strip(), cells[1].strip(), change, cells[-1].strip()))
    keys = _numbered([row[:3] for row in rows])
    survived = {key for key, row in zip(keys, rows, strict=True) if row[3] == "survived"}
    numbered = _numbered([(str(site.line), site.function, site.change) for site in sites])
    return [site for site, key in zip(sites, numbered, strict=True) if key in survived]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "target", help="module:function,function or module:* (module under analysis/)"
    )
    parser.add_argument("tests", nargs="+", help="test files to run against each mutant")
    parser.add_argument("-k", dest="keyword", default=None, help="pytest -k expression")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per mutant")
    parser.add_argument("--out", type=Path, default=None, help="Markdown report")
    parser.add_argument("--log", type=Path, default=Path("/dev/stderr"), help="progress log")
    parser.add_argument(
        "--survivors-of",
        type=Path,
        default=None,
        metavar="REPORT",
        help="run only the mutants a previous --out report of the same target lists as survived",
    )
    args = parser.parse_args(argv)

    os.chdir(ROOT)
    module_name, _, names = args.target.partition(":")
    path = ROOT / "analysis" / f"{module_name}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    if names == "*":
        names = ",".join(n.name for n in tree.body if isinstance(n, ast.FunctionDef))
    sites = [site for name in names.split(",") for site in sites_of(tree, name)]
    if args.survivors_of is not None:
        sites = survivors_among(sites, args.survivors_of.read_text(encoding="utf-8"))
    loop = MutationLoop(module_name, tree, path, sites, args.timeout, args.log)
    import pytest

    options = ["-q", "-p", "no:randomly", "-p", "no:cacheprovider", *QUIET, *args.tests]
    if args.keyword:
        options += ["-k", args.keyword]
    start = time.monotonic()
    pytest.main(options, plugins=[loop])
    if loop.baseline is None or loop.baseline[0] != "survived":
        print(f"no baseline: {loop.baseline}", file=sys.stderr)
        return 1
    results = loop.results
    killed = sum(1 for _, fate, _ in results if fate.startswith("killed"))
    score = f"{killed}/{len(results)} killed ({100 * killed / max(1, len(results)):.0f}%)"
    print(f"{args.target}: {score}; {time.monotonic() - start:.0f} s", flush=True)
    if args.out is not None:
        lines = [
            f"# Mutants of {args.target}",
            "",
            f"Tests: {' '.join(args.tests)}" + (f" -k '{args.keyword}'" if args.keyword else ""),
            "",
            f"Score: {score}",
            "",
            "| line | function | change | fate |",
            "|---|---|---|---|",
            *(
                f"| {site.line} | {site.function} | `{site.change}` | {fate} |"
                for site, fate, _ in results
            ),
        ]
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
