"""Reciprocity metrics on hand-worked tables with known answers, on the shipped data against
networkx, and properties that must hold for any table (hypothesis)."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import load_dataset
from analysis import reciprocity as R


def events_table(rows: list[tuple[str, str, str, str, int | None]]) -> pd.DataFrame:
    """Events from (id, date, expelling, expelled, persons) tuples."""
    frame = pd.DataFrame(
        rows, columns=["event_id", "announced", "expelling", "expelled", "persons"]
    )
    frame["announced"] = pd.to_datetime(frame["announced"])
    frame["persons"] = frame["persons"].astype("Int64")
    return frame


def links(pairs: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(pairs, columns=["response", "stimulus"])


# Two French tranches answered together; Poland answered in kind; Ireland unanswered;
# an answer (Poland's) that nobody answered is no stimulus; Denmark answered with an
# unknown number; Germany answered in two tranches.
EVENTS = events_table(
    [
        ("fra1", "2022-04-04", "FRA", "RUS", 35),
        ("fra2", "2022-04-11", "FRA", "RUS", 6),
        ("rus-fra", "2022-05-18", "RUS", "FRA", 34),
        ("pol", "2022-03-23", "POL", "RUS", 45),
        ("rus-pol", "2022-04-08", "RUS", "POL", 45),
        ("irl", "2022-03-29", "IRL", "RUS", 4),
        ("dnk", "2022-04-05", "DNK", "RUS", 15),
        ("rus-dnk", "2022-05-05", "RUS", "DNK", None),
        ("deu", "2022-04-04", "DEU", "RUS", 40),
        ("rus-deu1", "2022-04-25", "RUS", "DEU", 20),
        ("rus-deu2", "2022-05-05", "RUS", "DEU", 30),
    ]
)
LINKS = links(
    [
        ("rus-fra", "fra1"),
        ("rus-fra", "fra2"),
        ("rus-pol", "pol"),
        ("rus-dnk", "dnk"),
        ("rus-deu1", "deu"),
        ("rus-deu2", "deu"),
    ]
)


@pytest.fixture
def table() -> pd.DataFrame:
    return R.stimuli(EVENTS, LINKS, as_of="2022-06-01").set_index("stimulus")


def test_only_stimuli_are_rows(table) -> None:
    assert sorted(table.index) == ["deu", "dnk", "fra1", "fra2", "irl", "pol"]


def test_tranches_answered_together_share_one_ratio(table) -> None:
    for tranche in ("fra1", "fra2"):
        assert table.loc[tranche, "group_stimulus_persons"] == 41
        assert table.loc[tranche, "response_ratio"] == pytest.approx(34 / 41)
        assert table.loc[tranche, "class"] == "de-escalating"
    assert table.loc["fra1", "lag_first_days"] == 44
    assert table.loc["fra2", "lag_first_days"] == 37


def test_answer_in_several_tranches_sums(table) -> None:
    assert table.loc["deu", "group_answer_persons"] == 50
    assert table.loc["deu", "response_ratio"] == pytest.approx(1.25)
    assert table.loc["deu", "class"] == "escalating"
    assert table.loc["deu", "lag_first_days"] == 21
    assert table.loc["deu", "lag_last_days"] == 31
    assert table.loc["deu", "answers"] == "rus-deu1;rus-deu2"


def test_equal_and_unknown_and_unanswered(table) -> None:
    assert table.loc["pol", "class"] == "equal"
    assert table.loc["pol", "response_ratio"] == 1
    assert table.loc["dnk", "class"] == "unknown"
    assert pd.isna(table.loc["dnk", "response_ratio"])
    irl = table.loc["irl"]
    assert irl["class"] == "unanswered"
    assert pd.isna(irl["response_ratio"])
    assert pd.isna(irl["lag_first_days"])
    assert irl["waited_days"] == (pd.Timestamp("2022-06-01") - pd.Timestamp("2022-03-29")).days
    assert table["waited_days"].notna().sum() == 1


def test_as_of_hides_later_answers() -> None:
    early = R.stimuli(EVENTS, LINKS, as_of="2022-05-01").set_index("stimulus")
    assert early.loc["fra1", "class"] == "unanswered"
    assert early.loc["deu", "answers"] == "rus-deu1"
    assert early.loc["deu", "response_ratio"] == pytest.approx(0.5)
    assert "fra2" in early.index


def test_as_of_includes_its_own_day() -> None:
    """Events announced on the as_of day count, as stimuli and as answers; the next day's not."""
    on_the_day = R.stimuli(EVENTS, LINKS, as_of="2022-05-18").set_index("stimulus")
    assert on_the_day.loc["fra1", "answers"] == "rus-fra"
    assert on_the_day.loc["fra1", "lag_first_days"] == 44
    day_before = R.stimuli(EVENTS, LINKS, as_of="2022-05-17").set_index("stimulus")
    assert day_before.loc["fra1", "answers"] == ""
    assert day_before.loc["fra1", "waited_days"] == 43
    first_day = R.stimuli(EVENTS, LINKS, as_of="2022-04-11").set_index("stimulus")
    assert first_day.loc["fra2", "waited_days"] == 0
    assert "fra2" not in R.stimuli(EVENTS, LINKS, as_of="2022-04-10")["stimulus"].to_numpy()


def test_zero_stimulus_gives_no_ratio() -> None:
    events = events_table(
        [("a", "2022-01-01", "AAA", "RUS", 0), ("b", "2022-01-05", "RUS", "AAA", 3)]
    )
    table = R.stimuli(events, links([("b", "a")]))
    assert pd.isna(table.loc[0, "response_ratio"])
    assert table.loc[0, "class"] == "unknown"


def test_answered_answer_is_a_stimulus() -> None:
    events = events_table(
        [
            ("a", "2022-01-01", "USA", "RUS", 1),
            ("b", "2022-01-05", "RUS", "USA", 2),
            ("c", "2022-01-09", "USA", "RUS", 2),
        ]
    )
    table = R.stimuli(events, links([("b", "a"), ("c", "b")])).set_index("stimulus")
    assert sorted(table.index) == ["a", "b"]
    assert table.loc["b", "answers"] == "c"


def test_classify_tolerance_bounds() -> None:
    ratio = pd.Series([0.89, 0.9, 1.1, 1.11, None], dtype="Float64")
    answered = pd.Series([True] * 5)
    assert list(R.classify(ratio, answered, 0.1)) == [
        "de-escalating",
        "equal",
        "equal",
        "escalating",
        "unknown",
    ]


def test_dyads_hand_worked() -> None:
    table = R.dyads(EVENTS).set_index("other")
    deu = table.loc["DEU"]
    assert (deu["state_expelled"], deu["other_expelled"]) == (50, 40)
    assert deu["reciprocated"] == 40
    assert deu["net_balance"] == 10
    assert deu["symmetric_share"] == pytest.approx(80 / 90)
    assert table.loc["IRL", "symmetric_share"] == 0
    assert table.loc["DNK", "unknown_events"] == 1
    assert (table["state"] == "RUS").all()


def test_symmetric_share_missing_when_both_zero() -> None:
    events = events_table([("a", "2022-01-01", "AAA", "RUS", 0)])
    assert pd.isna(R.dyads(events).loc[0, "symmetric_share"])


def test_cumulative_balance_steps() -> None:
    series = R.cumulative_balance(EVENTS).query("other == 'FRA'")
    assert list(series["balance"]) == [-35, -41, -7]
    assert list(series["announced"].dt.strftime("%m-%d")) == ["04-04", "04-11", "05-18"]


def test_network_measures_hand_worked() -> None:
    # Links: FRA->RUS, RUS->FRA, POL->RUS, RUS->POL, IRL->RUS, DNK->RUS, RUS->DNK, DEU->RUS, RUS->DEU
    measures = R.network_measures(EVENTS, n_states=6)
    assert measures["links"] == 9
    assert measures["binary"] == pytest.approx(8 / 9)
    # weights: FRA 41/34, POL 45/45, IRL 4/-, DNK 15/0 (unknown), DEU 40/50: total 274;
    # reciprocated min(w_ij, w_ji) counted both ways: 2 * (34 + 45 + 0 + 40) = 238
    assert measures["weighted"] == pytest.approx(238 / 274)
    density = 9 / 30
    assert measures["rho"] == pytest.approx((8 / 9 - density) / (1 - density))


def test_network_empty_window_is_missing() -> None:
    measures = R.network_measures(EVENTS, n_states=6, start="2030-01-01")
    assert measures["links"] == 0
    assert math.isnan(measures["binary"])
    assert math.isnan(measures["weighted"])


def test_rho_depends_on_universe() -> None:
    assert R.garlaschelli_loffredo(0.5, 10, 8) != R.garlaschelli_loffredo(0.5, 10, 193)
    assert math.isnan(R.garlaschelli_loffredo(0.5, 2, 1))


def _networkx_reciprocity(events: pd.DataFrame) -> float:
    graph = nx.DiGraph()
    edges = R.edge_weights(events)
    graph.add_edges_from(zip(edges["source"], edges["target"], strict=True))
    return nx.overall_reciprocity(graph)


def test_binary_matches_networkx_on_shipped_data() -> None:
    events = load_dataset().events
    for start, end in [(None, None), ("2022-02-24", "2022-05-19"), ("2022-05-20", "2022-12-31")]:
        measures = R.network_measures(events, 193, start, end)
        window = events
        if start:
            window = events[events["announced"].between(start, end)]
        assert measures["binary"] == pytest.approx(_networkx_reciprocity(window))


def test_shipped_data_france_answer() -> None:
    data = load_dataset()
    table = R.stimuli(data.events, data.responses).set_index("stimulus")
    assert table.loc["2022-04-04-FRA-RUS", "response_ratio"] == pytest.approx(34 / 41)
    assert table.loc["2022-03-23-POL-RUS", "class"] == "equal"


# --- properties ----------------------------------------------------------------------------

CODES = ["RUS", "AAA", "BBB", "CCC", "DDD", "EEE"]


@st.composite
def random_events(draw) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Random events, each with Russia on one side, and answers that run the other way."""
    size = draw(st.integers(1, 12))
    rows = []
    for i in range(size):
        other = draw(st.sampled_from(CODES[1:]))
        by_russia = draw(st.booleans())
        day = pd.Timestamp("2022-01-01") + pd.Timedelta(days=draw(st.integers(0, 300)))
        persons = draw(st.one_of(st.none(), st.integers(0, 60)))
        rows.append(
            (f"e{i}", day, "RUS" if by_russia else other, other if by_russia else "RUS", persons)
        )
    events = events_table(rows)
    pairs = []
    for answer in events.itertuples():
        for stimulus in events.itertuples():
            opposite = (
                answer.expelling == stimulus.expelled and answer.expelled == stimulus.expelling
            )
            if opposite and answer.announced >= stimulus.announced and draw(st.booleans()):
                pairs.append((answer.event_id, stimulus.event_id))
    return events, links(pairs)


def _relabel(events: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    out = events.copy()
    out["expelling"] = out["expelling"].map(mapping)
    out["expelled"] = out["expelled"].map(mapping)
    return out


@settings(max_examples=60, deadline=None)
@given(random_events(), st.permutations(CODES[1:]))
def test_relabelling_states_changes_nothing(data, order) -> None:
    events, answers = data
    mapping = {"RUS": "RUS", **dict(zip(CODES[1:], order, strict=True))}
    relabelled = _relabel(events, mapping)
    before = R.stimuli(events, answers).drop(columns=["expelling", "expelled"])
    after = R.stimuli(relabelled, answers).drop(columns=["expelling", "expelled"])
    pd.testing.assert_frame_equal(before, after)
    first, second = R.network_measures(events, 10), R.network_measures(relabelled, 10)
    pd.testing.assert_series_equal(first, second)


@settings(max_examples=60, deadline=None)
@given(random_events(), st.integers(2, 7))
def test_scaling_counts_keeps_ratios_and_shares(data, k) -> None:
    events, answers = data
    scaled = events.copy()
    scaled["persons"] = scaled["persons"] * k
    before, after = R.stimuli(events, answers), R.stimuli(scaled, answers)
    pd.testing.assert_series_equal(before["response_ratio"], after["response_ratio"])
    pd.testing.assert_series_equal(
        R.dyads(events)["symmetric_share"], R.dyads(scaled)["symmetric_share"]
    )
    assert R.network_measures(events, 10)["weighted"] == pytest.approx(
        R.network_measures(scaled, 10)["weighted"], nan_ok=True
    )


@settings(max_examples=60, deadline=None)
@given(random_events(), st.sampled_from(CODES[1:]), st.integers(1, 50))
def test_an_unanswered_stimulus_never_raises_the_answered_share(data, state, persons) -> None:
    events, answers = data
    before = R.stimuli(events, answers)
    extra = events_table([("new", "2022-12-31", state, "RUS", persons)])
    after = R.stimuli(pd.concat([events, extra], ignore_index=True), answers)
    share = lambda t: (t["class"] != "unanswered").mean()  # noqa: E731
    assert share(after) <= share(before)


@settings(max_examples=80, deadline=None)
@given(random_events())
def test_weighted_reciprocity_in_unit_interval(data) -> None:
    events, _ = data
    value = R.network_measures(events, 10)["weighted"]
    assert math.isnan(value) or 0 <= value <= 1
    assert R.network_measures(events, 10)["binary"] == pytest.approx(_networkx_reciprocity(events))


def test_episode_profile_hand_worked() -> None:
    """EVENTS: stimuli fra1, fra2, pol, irl, dnk, deu (6); answered 5 (not irl). Groups:
    FRA 41 -> 34 (0.829), POL 45 -> 45, DNK unknown, DEU 40 -> 50 (1.25). Lags: fra1 44,
    fra2 37, pol 16, dnk 30, deu 21 days.
    """
    profile = R.episode_profile(EVENTS, LINKS)
    assert profile["states"] == 5
    assert profile["persons_expelled_of_focus"] == 35 + 6 + 45 + 4 + 15 + 40
    assert profile["persons_expelled_by_focus"] == 34 + 45 + 20 + 30
    assert profile["stimuli"] == 6
    assert profile["answered_share"] == pytest.approx(5 / 6)
    # ratios: fra1 and fra2 share 34/41; pol 1; deu 1.25 -> median of (0.829, 0.829, 1, 1.25)
    assert profile["median_ratio"] == pytest.approx((34 / 41 + 1) / 2)
    assert profile["median_lag_days"] == 30
    assert (profile["unanswered"], profile["unknown"], profile["escalating"]) == (1, 1, 1)
    assert (profile["de-escalating"], profile["equal"]) == (2, 1)


def test_compare_episodes_runs_the_same_code_on_each_episode() -> None:
    older = events_table(
        [
            ("gbr", "2018-03-14", "GBR", "RUS", 23),
            ("rus-gbr", "2018-03-17", "RUS", "GBR", 23),
            ("rus-gbr-cut", "2018-03-30", "RUS", "GBR", 51),
        ]
    ).assign(episode="skripal-2018")
    newer = EVENTS.assign(episode="ukraine-2022")
    events = pd.concat([newer, older], ignore_index=True)
    responses = pd.concat([LINKS, links([("rus-gbr", "gbr")])], ignore_index=True)
    table = R.compare_episodes(events, responses)
    assert list(table.index) == ["skripal-2018", "ukraine-2022"]  # by first announcement
    pd.testing.assert_series_equal(
        table.loc["ukraine-2022"],
        R.episode_profile(newer, LINKS),
        check_names=False,
        check_dtype=False,
    )
    old = table.loc["skripal-2018"]
    assert (old["stimuli"], old["answered_share"], old["median_ratio"]) == (1, 1.0, 1.0)
    # both directions: (min(23, 74) + min(74, 23)) / (23 + 74)
    assert old["weighted"] == pytest.approx(2 * 23 / (23 + 74))
    assert old["binary"] == 1.0


# --- the literature's measures (hand-worked) --------------------------------------------------


def test_a_chain_of_answers_keeps_its_pairs_apart() -> None:
    """A <- B <- C: B answers A and is answered by C. With ``split_chains`` each pair is its
    own group: A's ratio is B/A (2/4), B's is C/B (6/2); by default the chain is one group,
    (2 + 6) / (4 + 2) for both."""
    events = events_table(
        [
            ("a", "2022-01-01", "USA", "RUS", 4),
            ("b", "2022-01-05", "RUS", "USA", 2),
            ("c", "2022-01-09", "USA", "RUS", 6),
        ]
    )
    pairs = links([("b", "a"), ("c", "b")])
    table = R.stimuli(events, pairs, split_chains=True).set_index("stimulus")
    assert table.loc["a", "group_stimulus_persons"] == 4
    assert table.loc["a", "group_answer_persons"] == 2
    assert table.loc["a", "response_ratio"] == pytest.approx(0.5)
    assert table.loc["b", "group_stimulus_persons"] == 2
    assert table.loc["b", "group_answer_persons"] == 6
    assert table.loc["b", "response_ratio"] == pytest.approx(3.0)
    merged = R.stimuli(events, pairs).set_index("stimulus")  # the default: one group
    assert merged.loc["a", "response_ratio"] == pytest.approx((2 + 6) / (4 + 2))
    assert merged.loc["b", "response_ratio"] == pytest.approx((2 + 6) / (4 + 2))


def test_mirror_share_hand_worked(table) -> None:
    """The fixture: Poland 45 -> 45 (mirrored), Germany 40 -> 20 + 30 (no), France 35 + 6 ->
    34 (no, two rows), Denmark unknown, Ireland unanswered. Known answered rows: pol, deu,
    fra1, fra2 = 4; mirrored 1; equal band 1."""
    share = R.mirror_share(table.reset_index())
    assert share["answered"] == 5
    assert share["known"] == 4
    assert share["unknown"] == 1
    assert share["mirrored"] == 1
    assert share["mirror_share"] == pytest.approx(1 / 4)
    assert share["equal_band"] == 1
    assert share["near_not_mirror"] == 0


def test_mirror_share_separates_exact_from_the_band() -> None:
    """20 answered by 21 is in the +-10 % band but not a mirror; 10 by 10 is both."""
    events = events_table(
        [
            ("x", "2022-01-01", "CZE", "RUS", 20),
            ("rx", "2022-01-02", "RUS", "CZE", 21),
            ("y", "2022-01-01", "SVK", "RUS", 10),
            ("ry", "2022-01-03", "RUS", "SVK", 10),
        ]
    )
    share = R.mirror_share(R.stimuli(events, links([("rx", "x"), ("ry", "y")])))
    assert (share["known"], share["mirrored"], share["equal_band"]) == (2, 1, 2)
    assert share["near_not_mirror"] == 1
    assert share["mirror_share"] == pytest.approx(0.5)
    assert share["equal_share"] == pytest.approx(1.0)


def test_mirror_share_of_nothing_answered_is_missing() -> None:
    events = events_table([("x", "2022-01-01", "CZE", "RUS", 20)])
    share = R.mirror_share(R.stimuli(events, links([])))
    assert share["known"] == 0 and math.isnan(share["mirror_share"])


#: The rounds of 1985 (25, 25, 6, 6) and 1986 (25, 5, 55, 5), worked by hand below.
ROUNDS = events_table(
    [
        ("g1", "1985-09-12", "GBR", "RUS", 25),
        ("r1", "1985-09-14", "RUS", "GBR", 25),
        ("g2", "1985-09-16", "GBR", "RUS", 6),
        ("r2", "1985-09-18", "RUS", "GBR", 6),
        ("u1", "1986-09-17", "USA", "RUS", 25),
        ("s1", "1986-10-19", "RUS", "USA", 5),
        ("u2", "1986-10-21", "USA", "RUS", 55),
        ("s2", "1986-10-22", "RUS", "USA", 5),
    ]
)
ROUND_LINKS = links(
    [("r1", "g1"), ("g2", "r1"), ("r2", "g2"), ("s1", "u1"), ("u2", "s1"), ("s2", "u2")]
)


def test_gap_closing_hand_worked() -> None:
    """1985: r1 closes a gap of 25; g2 is taken with the dyad level (no gap; the simple
    model, 25, and the comparative, 0, both miss its 6: comparative is nearer); r2 closes 6.
    1986: s1 narrows 25 by 5 (a fifth); u2: the US was ahead by 20 (gap -20), no gap; s2 faces
    25 + 55 - 5 = 75 and closes 5/75; its simple prediction (55) is nearer than 75."""
    table = R.gap_closing(ROUNDS, ROUND_LINKS).set_index("response")
    assert list(table.index) == ["r1", "g2", "r2", "s1", "u2", "s2"]
    expected = {
        "r1": (25, 0, "closes", 1.0, "both"),
        "g2": (0, -6, "no gap", None, "comparative"),
        "r2": (6, 0, "closes", 1.0, "both"),
        "s1": (25, 20, "narrows", 0.2, "both"),
        "u2": (-20, -75, "no gap", None, "simple"),
        "s2": (75, 70, "narrows", 5 / 75, "simple"),
    }
    for answer, (before, after, outcome, share, closer) in expected.items():
        row = table.loc[answer]
        assert row["gap_before"] == before, answer
        assert row["gap_after"] == after, answer
        assert row["outcome"] == outcome, answer
        if share is None:
            assert pd.isna(row["closed_share"]), answer
        else:
            assert row["closed_share"] == pytest.approx(share), answer
        assert row["closer_model"] == closer, answer
    assert table.loc["s2", "simple_prediction"] == 55
    assert table.loc["s2", "comparative_prediction"] == 75


def test_gap_closing_overshoot_unknown_and_same_day() -> None:
    """Czechia 18 answered by 20 the same day: overshoots (20/18); an answer with an unknown
    figure is unknown; a same-day stimulus counts in the gap before its answer."""
    events = events_table(
        [
            ("c", "2021-04-17", "CZE", "RUS", 18),
            ("rc", "2021-04-17", "RUS", "CZE", 20),
            ("d", "2022-04-05", "DNK", "RUS", 15),
            ("rd", "2022-05-05", "RUS", "DNK", None),
        ]
    )
    table = R.gap_closing(events, links([("rc", "c"), ("rd", "d")])).set_index("response")
    assert table.loc["rc", "gap_before"] == 18
    assert table.loc["rc", "outcome"] == "overshoots"
    assert table.loc["rc", "closed_share"] == pytest.approx(20 / 18)
    assert table.loc["rd", "outcome"] == "unknown"
    assert pd.isna(table.loc["rd", "closer_model"])


def test_answers_aimed_at_a_third_party_are_their_own_class() -> None:
    """Moscow answers Poland's 10 by expelling 10 Lithuanians: the link is third-party, the
    stimulus's class is 'third-party' (not 'equal'), and the answer does not move the
    Polish gap. Germany's 5, answered directly with 5, stays 'equal'."""
    events = events_table(
        [
            ("pol", "2022-01-01", "POL", "RUS", 10),
            ("rus-ltu", "2022-01-05", "RUS", "LTU", 10),
            ("deu", "2022-01-01", "DEU", "RUS", 5),
            ("rus-deu", "2022-01-03", "RUS", "DEU", 5),
        ]
    )
    pairs = links([("rus-ltu", "pol"), ("rus-deu", "deu")])
    aims = R.answer_aims(events, pairs).set_index("response")
    assert aims.loc["rus-ltu", "aim"] == "third-party"
    assert aims.loc["rus-deu", "aim"] == "direct"
    table = R.stimuli(events, pairs)
    classes = R.classes_with_third_party(table, events, pairs)
    by_stimulus = dict(zip(table["stimulus"], classes.astype(str), strict=True))
    assert by_stimulus == {"pol": "third-party", "deu": "equal"}
    gaps = R.gap_closing(events, pairs).set_index("response")
    assert gaps.loc["rus-ltu", "outcome"] == "third-party"
    assert gaps.loc["rus-ltu", "gap_before"] == 0  # nothing between Russia and Lithuania before
    assert pd.isna(gaps.loc["rus-ltu", "closer_model"])
    summary = R.gap_closing_summary(R.gap_closing(events, pairs))
    assert (summary["answers"], summary["third-party"], summary["closes"]) == (2, 1, 1)
    assert summary["closes_share"] == pytest.approx(1.0)


def test_the_stated_norm_is_quoted_with_its_source() -> None:
    assert "принцип взаимности" in R.STATED_NORM["quote"]
    assert R.STATED_NORM["url"].startswith("https://")
    assert R.STATED_NORM["said_on"] == "2018-04-02"


def test_precedents_in_the_shipped_data() -> None:
    """Known facts: 1985 (both rounds) and 1989 were answered person for person; in 1986 Moscow answered
    the 55 with 5; 2016's 35 got no answer."""
    data = load_dataset()
    for episode, mirrored, known in (("uk-1985", 2, 2), ("uk-1989", 1, 1), ("us-2001", 1, 1)):
        view = data.episode(episode)
        table = R.counterpart_stimuli(view.events, view.responses, split_chains=True)
        share = R.mirror_share(table)
        assert (share["mirrored"], share["known"]) == (mirrored, known), episode
    view = data.episode("us-1986")
    gaps = R.gap_closing(view.events, view.responses).set_index("response")
    assert gaps.loc["1986-10-22-RUS-USA", "gap_before"] == 75
    view = data.episode("us-2016")
    assert (R.counterpart_stimuli(view.events, view.responses)["class"] == "unanswered").all()


# --- rules the mutation rerun found unheld (issue 25, docs/mutation.md) ----------------------


def test_classify_an_unanswered_stimulus_whatever_ratio_it_is_given() -> None:
    # A ratio passed with answered False (0.5, 1.0, 2.0) is no answer's ratio: unanswered.
    ratio = pd.Series([0.5, 1.0, 2.0, 0.5], dtype="Float64")
    answered = pd.Series([False, False, False, True])
    assert list(R.classify(ratio, answered, 0.1)) == [
        "unanswered",
        "unanswered",
        "unanswered",
        "de-escalating",
    ]


def test_one_unknown_tranche_makes_the_group_sum_missing() -> None:
    # Germany's 40 answered in two tranches, 20 and one of unknown size: the answer side is
    # unknown (not 20), so no ratio and the class is unknown. France's two tranches, 35 and
    # one unknown, answered with 34: the stimulus side is unknown.
    events = events_table(
        [
            ("deu", "2022-04-04", "DEU", "RUS", 40),
            ("rus-deu1", "2022-04-25", "RUS", "DEU", 20),
            ("rus-deu2", "2022-05-05", "RUS", "DEU", None),
            ("fra1", "2022-04-04", "FRA", "RUS", 35),
            ("fra2", "2022-04-11", "FRA", "RUS", None),
            ("rus-fra", "2022-05-18", "RUS", "FRA", 34),
        ]
    )
    answers = links(
        [("rus-deu1", "deu"), ("rus-deu2", "deu"), ("rus-fra", "fra1"), ("rus-fra", "fra2")]
    )
    table = R.stimuli(events, answers).set_index("stimulus")
    assert pd.isna(table.loc["deu", "group_answer_persons"])
    assert table.loc["deu", "group_stimulus_persons"] == 40
    assert pd.isna(table.loc["deu", "response_ratio"])
    assert table.loc["deu", "class"] == "unknown"
    assert pd.isna(table.loc["fra1", "group_stimulus_persons"])
    assert table.loc["fra1", "group_answer_persons"] == 34
    assert table.loc["fra1", "class"] == "unknown"


def test_dyads_come_sorted_by_pair_whatever_the_order_of_the_events() -> None:
    events = events_table(
        [
            ("c", "2022-01-03", "RUS", "POL", 3),
            ("b", "2022-01-02", "DEU", "FRA", 2),
            ("a", "2022-01-01", "EST", "RUS", 1),
        ]
    )
    table = R.dyads(events)
    assert table[["state", "other"]].to_numpy().tolist() == [
        ["DEU", "FRA"],
        ["RUS", "EST"],
        ["RUS", "POL"],
    ]
    assert table["state_expelled"].tolist() == [2, 0, 3]


def test_cumulative_balance_has_exactly_its_columns_numbered_from_zero() -> None:
    series = R.cumulative_balance(EVENTS)
    assert series.columns.tolist() == [
        "state",
        "other",
        "announced",
        "state_expelled",
        "other_expelled",
        "balance",
    ]
    assert series.index.tolist() == list(range(len(series)))


def test_edge_weights_come_sorted_by_source_then_target() -> None:
    events = events_table(
        [
            ("c", "2022-01-03", "RUS", "POL", 3),
            ("b", "2022-01-02", "POL", "RUS", 2),
            ("a", "2022-01-01", "EST", "RUS", 1),
            ("d", "2022-01-04", "RUS", "POL", 4),
        ]
    )
    edges = R.edge_weights(events)
    assert edges.to_numpy().tolist() == [["EST", "RUS", 1], ["POL", "RUS", 2], ["RUS", "POL", 7]]


def test_rho_of_two_states_is_defined() -> None:
    # N = 2: two possible links; one of them, unanswered: a = 1/2, rho = (0 - 1/2) / (1/2).
    assert R.garlaschelli_loffredo(0.0, 1, 2) == -1.0
    assert math.isnan(R.garlaschelli_loffredo(0.0, 2, 2))  # complete: a = 1
    assert math.isnan(R.garlaschelli_loffredo(0.0, 0, 1))


def test_cumulative_windows_end_once_at_a_month_end_and_within_a_month() -> None:
    # March and April 2022: month ends 31 March and 30 April; the end is one of them, so it
    # is not added twice. From 1 to 20 April there is no month end: the end alone.
    table = R.cumulative_windows(EVENTS, "2022-03-01", "2022-04-30", n_states=6)
    assert table["end"].dt.strftime("%m-%d").tolist() == ["03-31", "04-30"]
    # By 31 March: POL>RUS, IRL>RUS. By 30 April also FRA>RUS, DNK>RUS, DEU>RUS, RUS>POL,
    # RUS>DEU (France's two tranches are one link).
    assert table["links"].tolist() == [2, 7]
    short = R.cumulative_windows(EVENTS, "2022-04-01", "2022-04-20", n_states=6)
    assert short["end"].dt.strftime("%m-%d").tolist() == ["04-20"]
    # An end that is no month end is added after the last month end.
    mid = R.cumulative_windows(EVENTS, "2022-03-01", "2022-04-20", n_states=6)
    assert mid["end"].dt.strftime("%m-%d").tolist() == ["03-31", "04-20"]
    assert table.columns.tolist() == [
        "end",
        "states",
        "links",
        "persons",
        "binary",
        "weighted",
        "rho",
    ]
    assert table.index.tolist() == [0, 1]


def test_cumulative_windows_take_the_universe_given_else_the_states_of_the_span() -> None:
    # 30 April: 7 links, 4 of them mutual (POL and DEU both ways): r = 4/7. Given N = 10,
    # a = 7/90; by default N = the 6 states with an event from 1 March to 30 April, a = 7/30.
    given = R.cumulative_windows(EVENTS, "2022-03-01", "2022-04-30", n_states=10)
    assert given.loc[1, "rho"] == pytest.approx((4 / 7 - 7 / 90) / (1 - 7 / 90))
    default = R.cumulative_windows(EVENTS, "2022-03-01", "2022-04-30")
    assert default.loc[1, "rho"] == pytest.approx((4 / 7 - 7 / 30) / (1 - 7 / 30))


def test_counterpart_stimuli_are_the_stimuli_columns_and_the_counterpart() -> None:
    # Russia's answers: of the six stimuli, those expelling Russians (all six here), rows 0-5.
    table = R.counterpart_stimuli(EVENTS, LINKS)
    assert table.columns.tolist() == [*R.stimuli(EVENTS, LINKS).columns, "counterpart"]
    assert table.index.tolist() == [0, 1, 2, 3, 4, 5]
    assert table["counterpart"].tolist() == ["FRA", "FRA", "POL", "IRL", "DNK", "DEU"]


def test_episode_profile_counts_absent_classes_as_zero_and_takes_n_as_states_plus_one() -> None:
    # Poland 45 answered with 45 (equal), Ireland 4 unanswered. Links POL>RUS, RUS>POL,
    # IRL>RUS: r = 2/3; N = 2 counterparts + Russia = 3, a = 3/6, rho = (2/3 - 1/2) / (1/2).
    chosen = EVENTS[EVENTS["event_id"].isin(["pol", "rus-pol", "irl"])]
    profile = R.episode_profile(chosen, LINKS[LINKS["response"] == "rus-pol"])
    assert [profile[name] for name in R.CLASSES] == [1, 0, 0, 1, 0]
    assert profile["rho"] == pytest.approx(1 / 3)


def test_answer_aims_have_exactly_their_columns_numbered_from_zero() -> None:
    aims = R.answer_aims(EVENTS, LINKS.iloc[::-1])
    assert aims.columns.tolist() == ["response", "stimulus", "actor", "answering", "target", "aim"]
    assert aims.index.tolist() == [0, 1, 2, 3, 4, 5]
    assert aims.loc[0, ["response", "stimulus", "aim"]].tolist() == ["rus-deu2", "deu", "direct"]


GAP_EVENTS = events_table(
    [
        ("c1", "2022-01-01", "CZE", "RUS", 5),
        ("c2", "2022-01-10", "CZE", "RUS", 3),
        ("rc", "2022-01-10", "RUS", "CZE", 5),
        ("e1", "2022-01-02", "EST", "RUS", 1),
        ("re", "2022-01-04", "RUS", "EST", 1),
        ("l1", "2022-02-01", "LVA", "RUS", 2),
        ("l2", "2022-02-01", "LVA", "RUS", None),
        ("rl", "2022-02-05", "RUS", "LVA", 3),
    ]
)
GAP_LINKS = links([("rc", "c1"), ("re", "e1"), ("rl", "l1"), ("rl", "l2")])


def test_gap_closing_boundaries_of_the_gap() -> None:
    """Estonia's 1 answered with 1: a gap of 1, closed. Czechia's 5 answered with 5 on 10
    January, the day Czechia cut 3 more that the answer does not answer: only measures it
    answers count on its own day, so the gap is 5, closed (not 8). Latvia's 2 and a tranche of
    unknown size answered with 3: gap and simple prediction unknown."""
    table = R.gap_closing(GAP_EVENTS, GAP_LINKS)
    assert table["response"].tolist() == ["re", "rc", "rl"]
    assert table.index.tolist() == [0, 1, 2]
    rows = table.set_index("response")
    assert (rows.loc["re", "gap_before"], rows.loc["re", "outcome"]) == (1, "closes")
    assert rows.loc["re", "closer_model"] == "both"
    assert (rows.loc["rc", "gap_before"], rows.loc["rc", "outcome"]) == (5, "closes")
    assert rows.loc["rl", "outcome"] == "unknown"
    assert pd.isna(rows.loc["rl", "simple_prediction"])
    assert pd.isna(rows.loc["rl", "comparative_prediction"])


def test_gap_closing_columns_and_their_types() -> None:
    table = R.gap_closing(GAP_EVENTS, GAP_LINKS)
    assert table.columns.tolist() == [
        "response",
        "announced",
        "answering",
        "other",
        "answers",
        "aim",
        "persons",
        "gap_before",
        "gap_after",
        "closed_share",
        "outcome",
        "simple_prediction",
        "comparative_prediction",
        "closer_model",
    ]
    floats = ["persons", "gap_before", "gap_after", "closed_share"]
    floats += ["simple_prediction", "comparative_prediction"]
    assert [str(table[name].dtype) for name in floats] == ["Float64"] * 6


def test_an_answer_with_one_direct_link_is_direct() -> None:
    """Moscow answers Poland's 10 and Lithuania's 4 with 14 Poles: direct towards Poland,
    third-party towards Lithuania. The answer is direct (only an answer aimed at third parties
    alone is third-party): the Polish gap of 10 is overshot; the simple model's 10 + 4 = 14
    is nearer than the gap."""
    events = events_table(
        [
            ("pol", "2022-01-01", "POL", "RUS", 10),
            ("ltu", "2022-01-01", "LTU", "RUS", 4),
            ("r", "2022-01-05", "RUS", "POL", 14),
        ]
    )
    row = R.gap_closing(events, links([("r", "pol"), ("r", "ltu")])).iloc[0]
    assert (row["aim"], row["gap_before"], row["outcome"]) == ("direct", 10, "overshoots")
    assert (row["simple_prediction"], row["closer_model"]) == (14, "simple")


def test_yardstick_hand_worked() -> None:
    """Episode "a": a chain GBR 25, RUS 25, GBR 6, RUS 6, split pair by pair: Russia's two
    answers mirror the 25 and the 6 and each closes its gap (25, then 25 + 6 - 25 = 6).
    Episodes "w1" and "w2" run their gaps together: Poland's 10 of 2022 is answered with 4
    in 2023: in w1 a stimulus answered at 0.4, in w2 an answer narrowing a gap of 10."""
    events = events_table(
        [
            ("g1", "1985-09-12", "GBR", "RUS", 25),
            ("r1", "1985-09-14", "RUS", "GBR", 25),
            ("g2", "1985-09-16", "GBR", "RUS", 6),
            ("r2", "1985-09-18", "RUS", "GBR", 6),
            ("x1", "2022-06-01", "POL", "RUS", 10),
            ("rx", "2023-02-01", "RUS", "POL", 4),
        ]
    ).assign(episode=["a"] * 4 + ["w1", "w2"])
    pairs = links([("r1", "g1"), ("g2", "r1"), ("r2", "g2"), ("rx", "x1")])
    table = R.yardstick(events, pairs, joint=("w1", "w2"))
    assert table.index.tolist() == ["a", "w1", "w2"]
    a, w1, w2 = (table.loc[name] for name in ("a", "w1", "w2"))
    assert (a["stimuli"], a["answered_share"], a["median_ratio"]) == (2, 1.0, 1.0)
    assert (a["mirrored"], a["known"], a["mirror_share"]) == (2, 2, 1.0)
    assert (a["answers"], a["closes"], a["no_gap"], a["both"]) == (2, 2, 0, 2)
    assert (w1["stimuli"], w1["median_ratio"], w1["mirrored"], w1["known"]) == (1, 0.4, 0, 1)
    assert (w1["answers"], w2["answers"], w2["narrows"], w2["both"]) == (0, 1, 1, 1)
    assert (w2["stimuli"], w2["known"]) == (0, 0)


def test_gap_closing_summary_counts_a_model_never_closer_as_zero() -> None:
    # re and rc close their gaps as both models predict; rl is unknown: no model is closer.
    summary = R.gap_closing_summary(R.gap_closing(GAP_EVENTS, GAP_LINKS))
    assert (summary["comparative"], summary["simple"], summary["both"]) == (0, 0, 2)
    assert (summary["answers"], summary["closes"], summary["unknown"]) == (3, 2, 1)
    assert summary["closes_share"] == 1.0


def test_episode_profile_counts_an_unknown_expulsion_of_russians_as_zero() -> None:
    # Poland expels an unknown number of Russians, Estonia 3: 0 + 3 persons, a floor.
    events = events_table(
        [("x", "2022-01-01", "POL", "RUS", None), ("y", "2022-01-02", "EST", "RUS", 3)]
    )
    profile = R.episode_profile(events, links([]))
    assert (profile["persons_expelled_of_focus"], profile["persons_expelled_by_focus"]) == (3, 0)
    assert (profile["stimuli"], profile["unanswered"]) == (2, 2)
