"""Drawing: one function per figure, from tidy tables to a Figure in the house style.

Each ``plot_*`` function takes the tables ``analysis.figures.tables`` shapes, draws on a new
Figure (``style.new_figure``) inside ``style.house_style`` and returns it; none reads the data
files or saves anything.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis import reciprocity
from analysis.figures.style import (
    CLASS_COLORS,
    CLASS_HATCHES,
    CLASS_MARKERS,
    DIRECTION_COLORS,
    DIRECTION_LABELS,
    MEASURE_COLORS,
    NEUTRAL,
    RANK_COLORS,
    RANK_HATCHES,
    finish,
    new_figure,
    styled,
)

#: A time axis longer than this many days is marked by quarter, not by month.
LONG_SPAN_DAYS = 400
#: On such an axis, a tick closer than this many days to the last one loses its label.
CROWDED_TICK_DAYS = 75
#: Stimulus-answer figure: linear scale up to this many persons, labels from this many.
SYMLOG_LINEAR_BELOW = 2
LABEL_FROM_PERSONS = 10


@styled
def plot_reported_ranges(ranges: pd.DataFrame, title: str, source: str) -> Figure:
    """Events whose sources disagree: a line from the lowest to the highest reported figure
    and a dot at the adopted one.

    ``ranges``: rows of ``summary.reported_range`` with low < high, plus ``label``.
    """
    fig, (ax,) = new_figure()
    shown = ranges.sort_values(["high", "label"]).reset_index(drop=True)
    y = np.arange(len(shown))
    ax.hlines(y, shown["low"], shown["high"], color="0.6", linewidth=3, label="reported range")
    ax.plot(shown["persons"], y, "o", color="black", label="adopted figure")
    ax.set_yticks(y, shown["label"])
    ax.set_xlabel("Persons expelled")
    ax.set_xlim(left=0)
    ax.legend(loc="lower right")
    return finish(fig, title, source)


@styled
def plot_article_chart(by_country: pd.DataFrame, title: str, source: str) -> Figure:
    """The article's chart redrawn: our count per state as bars, the article's figure as a tick.

    ``by_country``: one row per state with ``name``, ``claimed``, ``value``, ``verdict``.
    """
    fig, (ax,) = new_figure()
    shown = by_country.sort_values("claimed").reset_index(drop=True)
    y = np.arange(len(shown))
    ax.barh(y, shown["value"], color=DIRECTION_COLORS["expelled_by_russia"], label="our count")
    ax.plot(
        shown["claimed"], y, "|", color="black", markersize=22, mew=3, label="article's figure"
    )
    for position, row in zip(y, shown.itertuples(), strict=True):
        ax.annotate(
            f"{row.value} (article: {row.claimed}, {row.verdict})",
            (max(row.value, row.claimed), position),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
        )
    ax.set_yticks(y, shown["name"])
    ax.set_xlabel("Persons expelled by Russia")
    ax.set_xlim(0, shown[["value", "claimed"]].to_numpy().max() * 1.45)
    ax.legend(loc="lower right")
    return finish(fig, title, source)


@styled
def plot_stimulus_answer(table: pd.DataFrame, title: str, source: str) -> Figure:
    """Left: persons in each stimulus (x) against persons in Russia's answer (y), coloured by
    class, with the line of equal response and its tolerance band. Right: days to the first
    answer, by class. ``table``: rows of ``reciprocity.stimuli`` plus ``counterpart``.

    Both axes are linear below ``SYMLOG_LINEAR_BELOW`` persons and logarithmic above, so
    the many small expulsions stay apart. Unanswered stimuli sit at y = 0. Tranches answered
    together share one group point; points from ``LABEL_FROM_PERSONS`` persons are labelled.
    """
    fig, (left, right) = new_figure(2, width_ratios=(3, 2))
    top = float(
        np.nanmax(
            pd.concat([table["group_stimulus_persons"], table["group_answer_persons"]])
            .astype("Float64")
            .fillna(0)
            .to_numpy(dtype=float)
        )
    )
    limit = top * 1.1 + 1
    line = np.array([0, limit])
    tolerance = reciprocity.EQUAL_TOLERANCE
    left.fill_between(
        line, line * (1 - tolerance), line * (1 + tolerance), color="0.9", label="equal band"
    )
    left.plot(line, line, color="0.4", linewidth=1, label="equal response")
    stimulus = table["group_stimulus_persons"].astype("Float64")
    stimulus = stimulus.fillna(table["persons"].astype("Float64"))
    answer = table["group_answer_persons"].astype("Float64").fillna(0)
    points = pd.DataFrame(
        {"x": stimulus, "y": answer, "class": table["class"], "who": table["counterpart"]}
    ).dropna(subset=["x"])
    groups = points.groupby(["x", "y", "class"], observed=True)["who"].agg(
        lambda s: "/".join(sorted(set(s)))
    )
    for (x, y, cls), who in groups.items():
        left.scatter(
            x,
            y,
            color=CLASS_COLORS[cls],
            marker=CLASS_MARKERS[cls],
            s=40,
            zorder=3,
            edgecolor="black",
            linewidth=0.4,
        )
        if x >= LABEL_FROM_PERSONS:
            left.annotate(who, (x, y), xytext=(4, 3), textcoords="offset points", fontsize=7)
    left.set_xscale("symlog", linthresh=SYMLOG_LINEAR_BELOW)
    left.set_yscale("symlog", linthresh=SYMLOG_LINEAR_BELOW)
    left.set_xlim(0, limit)
    left.set_ylim(0, limit)
    for axis in (left.xaxis, left.yaxis):
        axis.set_major_locator(mpl.ticker.FixedLocator([0, 1, 2, 5, 10, 20, 50, 100]))
        axis.set_major_formatter(mpl.ticker.ScalarFormatter())
    left.set_xlabel("Persons of the stimulus (state's expulsion of Russians)")
    left.set_ylabel("Persons of Russia's answer")
    left.set_title("Stimulus against answer")
    handles = [
        Line2D(
            [],
            [],
            marker=CLASS_MARKERS[name],
            linestyle="",
            color=color,
            markeredgecolor="black",
            markeredgewidth=0.4,
            label=name,
        )
        for name, color in CLASS_COLORS.items()
        if name in set(points["class"].astype(str))
    ]
    left.legend(handles=[*left.get_legend_handles_labels()[0], *handles], loc="upper left")

    answered = table[table["lag_first_days"].notna()]
    classes = [c for c in reciprocity.CLASSES if c in set(answered["class"].astype(str))]
    for row, cls in enumerate(classes):
        lags = answered.loc[answered["class"] == cls, "lag_first_days"].to_numpy(dtype=float)
        jitter = (np.arange(len(lags)) % 5 - 2) * 0.06
        right.scatter(
            lags,
            row + jitter,
            color=CLASS_COLORS[cls],
            marker=CLASS_MARKERS[cls],
            s=30,
            edgecolor="black",
            linewidth=0.4,
        )
    right.set_yticks(range(len(classes)), classes)
    right.set_xlabel("Days from the stimulus to Russia's first answer")
    right.set_title("How fast Russia answered")
    right.set_xlim(left=-1)
    return finish(fig, title, source)


@styled
def plot_timeline(
    cumulative: pd.DataFrame,
    tallies: pd.DataFrame,
    marks: dict[str, str],
    span: tuple[str, str, str] | None,
    title: str,
    source: str,
) -> Figure:
    """Cumulative persons per direction as steps; published tallies as hollow markers at
    their date; dated marks as vertical lines and one shaded span.

    ``cumulative``: ``summary.cumulative_persons`` (announced, direction, persons);
    ``tallies``: ``summary.tallies_against_data`` rows with a ``date``.
    """
    fig, (ax,) = new_figure()
    for name, color in DIRECTION_COLORS.items():
        part = cumulative[cumulative["direction"] == name]
        if part.empty:
            continue
        ax.step(
            part["announced"],
            part["persons"],
            where="post",
            color=color,
            linewidth=2,
            label=f"{DIRECTION_LABELS[name]} (our data)",
        )
        published = tallies[tallies["direction"] == name]
        if not published.empty:
            ax.scatter(
                published["date"],
                published["figure"],
                facecolor="none",
                edgecolor=color,
                s=45,
                linewidth=1.5,
                label=f"{DIRECTION_LABELS[name]} (published tallies)",
                zorder=3,
            )
    top = ax.get_ylim()[1]
    if span is not None:
        start, end, label = span
        ax.axvspan(pd.Timestamp(start), pd.Timestamp(end), color="0.9", zorder=0)
        ax.text(pd.Timestamp(start), top * 0.97, f" {label}", fontsize=8, va="top")
    for label, day in marks.items():
        ax.axvline(pd.Timestamp(day), color="0.3", linestyle="--", linewidth=1)
        ax.text(pd.Timestamp(day), top * 0.90, f" {label}", fontsize=8, va="top", rotation=90)
    span_days = (cumulative["announced"].max() - cumulative["announced"].min()).days
    months = None if span_days <= LONG_SPAN_DAYS else (1, 4, 7, 10)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=months))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
    ax.set_ylabel("Persons expelled, cumulative")
    ax.set_ylim(bottom=0)
    ax.legend(loc="lower right")
    return finish(fig, title, source)


@styled
def plot_who_expelled_whom(table: pd.DataFrame, title: str, source: str) -> Figure:
    """Per counterpart of Russia: persons it expelled (to the left) and persons Russia
    expelled of it (to the right). ``table``: ``reciprocity.dyads`` with ``other_name``.
    """
    fig, (ax,) = new_figure()
    shown = table.assign(total=table["state_expelled"] + table["other_expelled"])
    shown = shown.sort_values(["total", "other"]).reset_index(drop=True)
    y = np.arange(len(shown))
    ax.barh(
        y,
        -shown["other_expelled"].astype(float),
        color=DIRECTION_COLORS["russians_expelled"],
        label="Russians it expelled",
    )
    ax.barh(
        y,
        shown["state_expelled"].astype(float),
        color=DIRECTION_COLORS["expelled_by_russia"],
        label="its personnel Russia expelled",
    )
    ax.axvline(0, color="0.2", linewidth=0.8)
    ax.set_yticks(y, shown["other_name"], fontsize=7)
    ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{abs(v):g}"))
    ax.set_xlabel("Persons expelled")
    ax.legend(loc="lower right")
    return finish(fig, title, source)


@styled
def plot_reciprocity_over_time(windows: pd.DataFrame, title: str, source: str) -> Figure:
    """Binary and weighted network reciprocity of the events up to each date.

    ``windows``: ``reciprocity.network_over_windows`` output with an ``end`` column.
    """
    fig, (ax,) = new_figure()
    ax.plot(
        windows["end"],
        windows["binary"],
        "o-",
        color=MEASURE_COLORS["binary"],
        label="binary (links)",
    )
    ax.plot(
        windows["end"],
        windows["weighted"],
        "s-",
        color=MEASURE_COLORS["weighted"],
        label="weighted (persons)",
    )
    for row in windows.itertuples():
        ax.annotate(
            f"{row.weighted:.2f}",
            (row.end, row.weighted),
            xytext=(0, -14),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("Reciprocity (0: nothing answered, 1: all in full)")
    long_span = (windows["end"].max() - windows["end"].min()).days > LONG_SPAN_DAYS
    labels = list(windows["end"].dt.strftime("%b\n%Y" if long_span else "%d %b"))
    ends = list(windows["end"])
    if long_span and len(ends) > 1 and (ends[-1] - ends[-2]).days < CROWDED_TICK_DAYS:
        labels[-2] = ""  # a quarter's end too close to the last day: keep the last day's label
    ax.set_xticks(windows["end"], labels)
    ax.set_xlabel("Events announced from 24 February 2022 up to")
    ax.legend(loc="lower right")
    return finish(fig, title, source)


#: Short axis labels of the episodes (the war's later years by their year alone).
EPISODE_LABELS = {"skripal-2018": "2018\n(Skripal)", "ukraine-2022": "2022"}


def episode_label(name: str) -> str:
    """'2018 (Skripal)' on two lines, '2022', and the war's later years as '2023', '2024', ..."""
    return EPISODE_LABELS.get(name, name.removeprefix("war-"))


#: Points of a strip chart: rows are labelled on the axis, so one colour serves every row.
STRIP_COLOR = DIRECTION_COLORS["russians_expelled"]


def _strip(ax, values: pd.Series, groups: pd.Series, order: list[str]) -> None:
    """One row of points per group, jittered vertically, with the group's median as a bar."""
    for row, group in enumerate(order):
        points = values[groups == group].dropna().to_numpy(dtype=float)
        jitter = (np.arange(len(points)) % 7 - 3) * 0.05
        ax.scatter(
            points,
            row + jitter,
            color=STRIP_COLOR,
            s=28,
            alpha=0.8,
            edgecolor="white",
            label="_" if row else "one answered expulsion",
        )
        if len(points):
            ax.plot(
                [np.median(points)] * 2,
                [row - 0.3, row + 0.3],
                color="black",
                linewidth=2,
                label="_" if row else "median",
            )
    ax.set_yticks(range(len(order)), [episode_label(name) for name in order])
    ax.set_ylim(-0.6, len(order) - 0.4)


@styled
def plot_episode_ratios_and_lags(
    table: pd.DataFrame, order: list[str], title: str, source: str
) -> Figure:
    """Left: response ratio of every answered stimulus, one row per episode; right: days to
    the first answer. Black bars: medians. ``table``: ``counterpart_stimuli`` rows of every
    episode with an ``episode`` column.
    """
    fig, (left, right) = new_figure(2)
    answered = table[table["answers"] != ""]
    _strip(left, answered["response_ratio"].astype("Float64"), answered["episode"], order)
    left.axvline(1, color="0.4", linestyle="--", linewidth=1)
    left.set_xlabel("Response ratio (persons answered / persons expelled)")
    left.set_title("How much Russia answered")
    left.set_xlim(left=0)
    left.legend(loc="lower right")
    _strip(right, answered["lag_first_days"].astype("Float64"), answered["episode"], order)
    right.set_xlabel("Days from the expulsion to Russia's first answer")
    right.set_title("How fast Russia answered")
    right.set_xlim(left=-1)
    return finish(fig, title, source)


@styled
def plot_episode_classes_and_reciprocity(
    profiles: pd.DataFrame, title: str, source: str
) -> Figure:
    """Left: share of stimuli in each class, one bar per episode; right: binary and weighted
    network reciprocity per episode. ``profiles``: ``reciprocity.compare_episodes``.
    """
    fig, (left, right) = new_figure(2)
    order = list(profiles.index)
    y = np.arange(len(order))
    shares = profiles[list(reciprocity.CLASSES)].div(profiles["stimuli"], axis=0)
    start = np.zeros(len(order))
    for name in reciprocity.CLASSES:
        values = shares[name].to_numpy(dtype=float)
        left.barh(
            y,
            values,
            left=start,
            color=CLASS_COLORS[name],
            hatch=CLASS_HATCHES[name],
            edgecolor="white",
            label=name,
        )
        start += values
    left.set_yticks(y, [episode_label(name) for name in order])
    left.set_xlim(0, 1)
    left.set_xlabel("Share of expulsions of Russians")
    left.set_title("How each expulsion was answered")
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3)
    width = 0.38
    for offset, (measure, color) in enumerate(MEASURE_COLORS.items()):
        values = profiles[measure].to_numpy(dtype=float)
        bars = right.bar(
            np.arange(len(order)) + (offset - 0.5) * width,
            values,
            width,
            color=color,
            label=measure,
        )
        right.bar_label(bars, fmt="%.2f", fontsize=8)
    right.set_xticks(np.arange(len(order)), [episode_label(name) for name in order])
    right.set_ylim(0, 1.1)
    right.set_ylabel("Network reciprocity")
    right.set_title("Reciprocity of the whole network")
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)
    return finish(fig, title, source)


@styled
def plot_evidence_ranks(table: pd.DataFrame, title: str, source: str) -> Figure:
    """Per episode, the share of events adopted from each rank of evidence (left) and the
    share of reports of each rank (right), as stacked horizontal bars with counts.

    ``table``: ``tables.evidence_ranks`` (episode, rank, rank_name, events, reports).
    """
    fig, axes = new_figure(ncols=2)
    episodes = list(dict.fromkeys(table["episode"]))
    ranks = list(dict.fromkeys(table["rank"]))
    for ax, column, label in zip(
        axes,
        ("events", "reports"),
        ("Events, by the source of their figure", "Reports"),
        strict=True,
    ):
        wide = table.pivot_table(index="episode", columns="rank", values=column, aggfunc="sum")
        wide = wide.loc[episodes, ranks]
        shares = wide.div(wide.sum(axis=1), axis=0)
        left = np.zeros(len(episodes))
        for rank, color, hatch in zip(ranks, RANK_COLORS, RANK_HATCHES, strict=True):
            values = shares[rank].to_numpy()
            names = table.loc[table["rank"] == rank, "rank_name"].iloc[0]
            ax.barh(
                episodes,
                values,
                left=left,
                color=color,
                hatch=hatch,
                edgecolor="white",
                label=f"{rank}. {names}",
            )
            for y, (share, count) in enumerate(zip(values, wide[rank], strict=True)):
                if share >= 0.04:
                    ax.text(
                        left[y] + share / 2,
                        y,
                        str(count),
                        ha="center",
                        va="center",
                        fontsize=8,
                        color="white" if rank == 1 else "black",
                    )
            left += values
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
        ax.set_title(label, loc="left", fontsize=10)
        ax.invert_yaxis()
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncols=3, bbox_to_anchor=(0.5, 0.05))
    finish(fig, title, source)
    fig.subplots_adjust(bottom=0.28)
    return fig


@styled
def plot_persons_by_year(table: pd.DataFrame, title: str, source: str) -> Figure:
    """Persons each way per year as paired bars, with a whisker from the lowest to the highest
    reported total and the number of events on each bar. ``table``: ``years.persons_by_year``.
    """
    fig, (ax,) = new_figure()
    year_list = sorted(table["year"].unique())
    x = np.arange(len(year_list))
    width = 0.38
    for offset, (name, color) in enumerate(DIRECTION_COLORS.items()):
        part = table[table["direction"] == name].set_index("year").reindex(year_list)
        persons = part["persons"].astype(float).to_numpy()
        low = part["low"].astype(float).to_numpy()
        high = part["high"].astype(float).to_numpy()
        where = x + (offset - 0.5) * width
        ax.bar(where, persons, width, color=color, label=DIRECTION_LABELS[name])
        ax.vlines(where, low, high, color="black", linewidth=1.2)
        for at, p, h, e in zip(where, persons, high, part["events"], strict=True):
            ax.annotate(
                f"{int(p)}\n({int(e)} events)",
                (at, max(p, h)),
                xytext=(0, 4),
                textcoords="offset points",
                ha="center",
                fontsize=8,
            )
    ax.set_xticks(x, [str(y) for y in year_list])
    ax.set_ylabel("Persons expelled (whisker: lowest to highest reported)")
    ax.set_ylim(0, table["high"].astype(float).max() * 1.18)
    ax.legend(loc="upper right")
    return finish(fig, title, source)


LAST_MOVER_COLORS = {
    "Russia": DIRECTION_COLORS["expelled_by_russia"],
    "the state": DIRECTION_COLORS["russians_expelled"],
    "both": NEUTRAL,
}

ANSWER_SIDE_STYLE = {
    "russia_answers": (
        "Russia answering expulsions of Russians",
        DIRECTION_COLORS["expelled_by_russia"],
        "o-",
    ),
    "others_answer": (
        "States answering Russia's measures",
        DIRECTION_COLORS["russians_expelled"],
        "s--",
    ),
}


@styled
def plot_answers_by_year(table: pd.DataFrame, title: str, source: str) -> Figure:
    """Left: share of each year's measures that were answered, per side; right: median days
    to the first answer. Labels give answered / measures. ``table``: ``years.answers_by_year``.
    """
    fig, (left, right) = new_figure(2)
    for side, (label, color, style) in ANSWER_SIDE_STYLE.items():
        part = table[table["side"] == side].sort_values("year")
        if part.empty:
            continue
        left.plot(part["year"], part["answered_share"], style, color=color, label=label)
        for row in part.itertuples():
            left.annotate(
                f"{row.answered}/{row.stimuli}",
                (row.year, row.answered_share),
                xytext=(0, 7),
                textcoords="offset points",
                ha="center",
                fontsize=8,
                color=color,
            )
        right.plot(part["year"], part["median_lag_days"], style, color=color, label=label)
    year_list = sorted(table["year"].unique())
    for ax in (left, right):
        ax.set_xticks(year_list, [str(y) for y in year_list])
        ax.set_xlim(year_list[0] - 0.5, year_list[-1] + 0.5)
    left.set_ylim(0, 1.12)
    left.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    left.set_title("Share of the year's measures answered")
    right.set_ylim(bottom=0)
    right.set_title("Median days to the first answer")
    handles, labels = left.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncols=2, bbox_to_anchor=(0.5, 0.04))
    finish(fig, title, source)
    fig.subplots_adjust(bottom=0.2)
    return fig


@styled
def plot_pair_balances(table: pd.DataFrame, title: str, source: str) -> Figure:
    """Per counterpart of Russia: the net balance of persons over the period (Russia's
    expulsions of its personnel minus its expulsions of Russians), sorted, each bar coloured
    by who announced the latest measure, with the date of that measure.
    ``table``: ``years.pair_balances`` with ``name``.
    """
    fig, (ax,) = new_figure()
    shown = table.sort_values(["balance", "counterpart"], ascending=[False, True])
    shown = shown.reset_index(drop=True)
    y = np.arange(len(shown))
    movers = np.where(
        shown["last_mover"] == "RUS",
        "Russia",
        np.where(shown["last_mover"] == "both", "both", "the state"),
    )
    for mover, color in LAST_MOVER_COLORS.items():
        chosen = movers == mover
        if chosen.any():
            ax.barh(
                y[chosen],
                shown.loc[chosen, "balance"].astype(float),
                color=color,
                label=f"latest measure by {mover}",
            )
    for row in shown.itertuples():
        ax.annotate(
            f"{row.last:%b %Y}",
            (0, row.Index),
            xytext=(4 if row.balance <= 0 else -4, 0),
            textcoords="offset points",
            ha="left" if row.balance <= 0 else "right",
            va="center",
            fontsize=6,
            color="0.35",
        )
    ax.axvline(0, color="0.2", linewidth=0.8)
    ax.set_yticks(y, shown["name"], fontsize=7)
    ax.set_xlabel(
        "Net balance of persons: Russia's expulsions of the state's personnel minus the "
        "state's expulsions of Russians"
    )
    ax.legend(loc="lower left")
    return finish(fig, title, source)
