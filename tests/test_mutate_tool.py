"""``tools/mutate.py --survivors-of``: a rerun picks exactly the mutants a report lists as
survived, two of one kind on one line kept apart, a change holding ``|`` read whole."""

from __future__ import annotations

import ast
import importlib.util
import sys

from analysis.loaders import PROJECT_ROOT

SOURCE = """
def rule(a, b):
    return (a in b or a | b) and (a in b)
"""


def _tool():
    spec = importlib.util.spec_from_file_location("mutate", PROJECT_ROOT / "tools" / "mutate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # A dataclass looks its module up in sys.modules while it is built.
    sys.modules.setdefault("mutate", module)
    spec.loader.exec_module(module)
    return module


def test_a_rerun_takes_the_survivors_of_a_report_and_no_other() -> None:
    mutate = _tool()
    sites = mutate.sites_of(ast.parse(SOURCE), "rule")
    changes = [(site.line, site.change) for site in sites]
    assert changes.count((3, "in -> not in")) == 2 and (3, "| -> &") in changes
    fates = ["killed"] * len(sites)
    second_in = [i for i, s in enumerate(sites) if s.change == "in -> not in"][1]
    bar = next(i for i, s in enumerate(sites) if s.change == "| -> &")
    fates[second_in] = fates[bar] = "survived"
    report = "\n".join(
        [
            "# Mutants of m:rule",
            "",
            "| line | function | change | fate |",
            "|---|---|---|---|",
            *(
                f"| {s.line} | {s.function} | `{s.change}` | {fate} |"
                for s, fate in zip(sites, fates, strict=True)
            ),
        ]
    )
    chosen = mutate.survivors_among(sites, report)
    assert chosen == [sites[i] for i in sorted((second_in, bar))]
    assert mutate.survivors_among(sites, report.replace("survived", "killed")) == []
