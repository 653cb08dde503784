"""Benchmark: reciprocity measures on synthetic event tables, against the networkx route.

Usage: ``.venv/bin/python benchmarks/bench_reciprocity.py [SIZES...]`` (default 10000 100000
1000000). For each size it generates events over 200 states (a fixed seed), with about half of
them answering an earlier event in the opposite direction, then times the pair-level table,
the dyad table and the network measures, and networkx building a DiGraph and computing
``overall_reciprocity`` on the same events. Peak memory is measured with tracemalloc
(numpy and pandas report their buffers to it). A benchmark, not a test: nothing asserts.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Callable

import networkx as nx
import numpy as np
import pandas as pd

from analysis import reciprocity as R

STATES = [f"S{i:03d}" for i in range(200)]


def synthetic(size: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``size`` events between random pairs of distinct states, and answer links."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, len(STATES), size)
    b = (a + rng.integers(1, len(STATES), size)) % len(STATES)
    day = np.sort(rng.integers(0, 3650, size))
    events = pd.DataFrame(
        {
            "event_id": [f"e{i}" for i in range(size)],
            "announced": pd.Timestamp("2010-01-01") + pd.to_timedelta(day, unit="D"),
            "expelling": pd.Categorical.from_codes(a, STATES),
            "expelled": pd.Categorical.from_codes(b, STATES),
            "persons": pd.array(rng.integers(1, 50, size), dtype="Int64"),
        }
    )
    # Answers: the event itself becomes an answer to the latest earlier event of the reverse
    # direction, for about half of the events.
    key = events["expelling"].astype(str) + ">" + events["expelled"].astype(str)
    reverse = events["expelled"].astype(str) + ">" + events["expelling"].astype(str)
    last_by_key = pd.Series(events["event_id"].to_numpy(), index=key).groupby(level=0).first()
    stimulus = reverse.map(last_by_key)
    chosen = stimulus.notna() & (rng.random(size) < 0.5) & (stimulus != events["event_id"])
    responses = pd.DataFrame(
        {"response": events["event_id"][chosen], "stimulus": stimulus[chosen]}
    )
    order = events.set_index("event_id")["announced"]
    responses = responses[
        order.reindex(responses["response"]).to_numpy()
        >= order.reindex(responses["stimulus"]).to_numpy()
    ]
    return events, responses.reset_index(drop=True)


def measure(function: Callable[..., object], *args: object) -> tuple[float, float]:
    """(seconds, peak MiB) of one call of ``function(*args)``."""
    tracemalloc.start()
    start = time.perf_counter()
    function(*args)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak


def networkx_route(events: pd.DataFrame) -> float:
    graph = nx.DiGraph()
    graph.add_edges_from(
        zip(events["expelling"].astype(str), events["expelled"].astype(str), strict=True)
    )
    return nx.overall_reciprocity(graph)


def main(sizes: list[int]) -> None:
    print(f"{'events':>9} {'task':<22} {'seconds':>9} {'peak MiB':>9}")
    for size in sizes:
        events, responses = synthetic(size)
        results = {
            "pair-level (stimuli)": measure(R.stimuli, events, responses),
            "dyads": measure(R.dyads, events),
            "network measures": measure(R.network_measures, events, len(STATES)),
            "networkx route": measure(networkx_route, events),
        }
        for task, (seconds, peak) in results.items():
            print(f"{size:>9} {task:<22} {seconds:>9.3f} {peak:>9.1f}")
        ratio = results["networkx route"][0] / results["network measures"][0]
        print(f"{size:>9} networkx / network measures: {ratio:.1f}x")


if __name__ == "__main__":
    main([int(s) for s in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
