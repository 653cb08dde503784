"""Drawing: one function per figure, from tidy tables to a Figure in the house style.

Each ``plot_*`` function takes the tables ``analysis.figures.tables`` shapes, a title (the
finding), a source line and a subtitle (what is counted), draws on a new Figure
(``style.new_figure``) inside ``style.house_style`` and returns it; none reads the data files
or saves anything. Labels next to points are placed after the layout is frozen
(``place_labels``), where they overlap no other text.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from analysis import reciprocity
from analysis.figures.style import (
    CLASS_COLORS,
    CLASS_HATCHES,
    CLASS_MARKERS,
    DIRECTION_COLORS,
    DIRECTION_LABELS,
    MEASURE_COLORS,
    NEUTRAL,
    OKABE_ITO,
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
#: Size of every label in a plot, in points (the tests refuse text below 9 pt).
LABEL_PT = 9.0
#: A group with fewer members than this is drawn hollow and says its n.
SMALL_GROUP = 5
#: Half the size of a marker ``place_labels`` keeps its labels off, in pixels.
MARKER_PX = 4.0
#: Where ``place_labels`` tries a label, in points from its anchor, in order.
LABEL_OFFSETS = (
    (4, 3),
    (4, -3),
    (-4, 3),
    (-4, -3),
    (4, 12),
    (4, -12),
    (-4, 12),
    (-4, -12),
    (12, 0),
    (-12, 0),
    (4, 22),
    (4, -22),
    (-4, 22),
    (-4, -22),
)


def place_labels(
    ax,
    labels: list[tuple[object, float, str]],
    color: object = "black",
    points: list[tuple[float, float]] = (),
    **kwargs: object,
) -> None:
    """Annotate ``ax`` with each (x, y, text), at the first of ``LABEL_OFFSETS`` where the
    label overlaps no text already on the figure, no marker at ``points`` (data coordinates,
    ``MARKER_PX`` around each) and stays on the canvas (the first offset when none does).
    Call after ``finish``: the layout must be frozen."""
    fig = ax.figure
    renderer = FigureCanvasAgg(fig).get_renderer()
    canvas = fig.bbox
    taken = [
        t.get_window_extent(renderer)
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip()
    ]
    for px, py in ax.transData.transform(np.asarray(points, dtype=float).reshape(-1, 2)):
        taken.append(
            Bbox.from_extents(px - MARKER_PX, py - MARKER_PX, px + MARKER_PX, py + MARKER_PX)
        )
    for x, y, text in labels:
        chosen = None
        for dx, dy in LABEL_OFFSETS:
            label = ax.annotate(
                text,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha="left" if dx > 0 else ("right" if dx < 0 else "center"),
                va="bottom" if dy > 0 else ("top" if dy < 0 else "center"),
                fontsize=LABEL_PT,
                color=color,
                **kwargs,
            )
            box = label.get_window_extent(renderer)
            inside = (
                box.x0 >= canvas.x0
                and box.x1 <= canvas.x1
                and box.y0 >= canvas.y0
                and box.y1 <= canvas.y1
            )
            if inside and not any(box.overlaps(other) for other in taken):
                chosen = label
                break
            label.remove()
        if chosen is None:  # nowhere free: the first place, and the layout test will say so
            dx, dy = LABEL_OFFSETS[0]
            chosen = ax.annotate(
                text,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                fontsize=LABEL_PT,
                color=color,
                **kwargs,
            )
        taken.append(chosen.get_window_extent(renderer))


@styled
def plot_reported_ranges(
    ranges: pd.DataFrame, title: str, source: str, subtitle: str = ""
) -> Figure:
    """Events whose sources disagree: a line from the lowest to the highest reported figure
    and a dot at the adopted one.

    ``ranges``: rows of ``summary.reported_range`` with low < high, plus ``label``.
    """
    fig, (ax,) = new_figure()
    shown = ranges.sort_values(["high", "label"]).reset_index(drop=True)
    y = np.arange(len(shown))
    ax.hlines(y, shown["low"], shown["high"], color=NEUTRAL, linewidth=3, label="reported range")
    ax.plot(shown["persons"], y, "o", color="black", label="adopted figure")
    ax.set_yticks(y, shown["label"])
    ax.set_xlabel("Persons expelled (reported figures)")
    ax.set_xlim(left=0)
    ax.legend(loc="lower right")
    return finish(fig, title, source, subtitle)


@styled
def plot_article_chart(
    by_country: pd.DataFrame, title: str, source: str, subtitle: str = ""
) -> Figure:
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
            fontsize=LABEL_PT,
        )
    ax.set_yticks(y, shown["name"])
    ax.set_xlabel("Persons expelled by Russia")
    ax.set_xlim(0, shown[["value", "claimed"]].to_numpy().max() * 1.45)
    ax.legend(loc="lower right")
    return finish(fig, title, source, subtitle)


#: Stimulus-answer figure: answers of unknown size sit on their own row below zero.
UNKNOWN_ROW = -0.8


@styled
def plot_stimulus_answer(
    table: pd.DataFrame, title: str, source: str, subtitle: str = ""
) -> Figure:
    """Left: persons in each stimulus (x) against persons in Russia's answer (y), by class
    (colour and marker), with the line of equal response and its tolerance band. Right: days
    to the first answer, by class. ``table``: rows of ``reciprocity.stimuli`` plus
    ``counterpart``.

    Both axes are linear below ``SYMLOG_LINEAR_BELOW`` persons and logarithmic above, so
    the many small expulsions stay apart. Unanswered stimuli sit at y = 0; answers of unknown
    size on their own row below it (``UNKNOWN_ROW``), not at zero. Tranches answered together
    share one group point; points from ``LABEL_FROM_PERSONS`` persons are labelled.
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
    answer = answer.mask(table["class"].astype(str) == "unknown", UNKNOWN_ROW)
    points = pd.DataFrame(
        {"x": stimulus, "y": answer, "class": table["class"], "who": table["counterpart"]}
    ).dropna(subset=["x"])
    groups = points.groupby(["x", "y", "class"], observed=True)["who"].agg(
        lambda s: "/".join(sorted(set(s)))
    )
    for (x, y, cls), _who in groups.items():
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
    left.set_xscale("symlog", linthresh=SYMLOG_LINEAR_BELOW)
    left.set_yscale("symlog", linthresh=SYMLOG_LINEAR_BELOW)
    left.set_xlim(0, limit)
    left.set_ylim(UNKNOWN_ROW - 0.4, limit)
    ticks = [0, 1, 2, 5, 10, 20, 50, 100]
    left.xaxis.set_major_locator(mpl.ticker.FixedLocator(ticks))
    left.xaxis.set_major_formatter(mpl.ticker.ScalarFormatter())
    left.set_yticks([UNKNOWN_ROW, *ticks], ["size unknown", "0 (none)", *map(str, ticks[1:])])
    left.set_xlabel("Persons in the expulsion of Russians (log scale)")
    left.set_ylabel("Persons in Russia's answer (log scale)")
    left.set_title("Expulsion against answer")
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
    counts = answered["class"].astype(str).value_counts()
    right.set_yticks(range(len(classes)), [f"{c}\n(n = {counts[c]})" for c in classes])
    right.set_xlabel("Days to Russia's first answer")
    right.set_title("How fast Russia answered")
    right.set_xlim(left=-1)
    finish(fig, title, source, subtitle)
    place_labels(
        left,
        [(x, y, who) for (x, y, _), who in groups.items() if x >= LABEL_FROM_PERSONS],
        points=[(x, y) for (x, y, _) in groups.index],
    )
    return fig


@styled
def plot_timeline(
    cumulative: pd.DataFrame,
    tallies: pd.DataFrame,
    marks: dict[str, str],
    span: tuple[str, str, str] | None,
    title: str,
    source: str,
    subtitle: str = "",
) -> Figure:
    """Left: cumulative persons per direction as steps, with the published tallies of the same
    scope (every state, counted from the invasion) as rings at their date; dated marks as
    vertical lines and one shaded span. Right: the tallies of a narrower scope (a shorter
    window, one named state), each row one scope: our count of that scope (filled) beside
    the published figures (rings).

    ``cumulative``: ``summary.cumulative_persons``; ``tallies``: ``tables.scoped_tallies``.
    """
    narrow = tallies[~tallies["same_scope"]]
    fig, axes = new_figure(
        2 if not narrow.empty else 1, width_ratios=(5, 3) if not narrow.empty else None
    )
    ax = axes[0]
    wide = tallies[tallies["same_scope"]]
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
            label=f"{DIRECTION_LABELS[name]} (our count)",
        )
        published = wide[wide["direction"] == name]
        if not published.empty:
            ax.scatter(
                published["date"],
                published["figure"],
                facecolor="none",
                edgecolor=color,
                s=45,
                linewidth=1.5,
                label=f"{DIRECTION_LABELS[name]} (published tally)",
                zorder=3,
            )
    top = ax.get_ylim()[1]
    ax.set_ylim(0, top * 1.12)
    if span is not None:
        start, end, _ = span
        ax.axvspan(pd.Timestamp(start), pd.Timestamp(end), color="0.9", zorder=0)
    span_days = (cumulative["announced"].max() - cumulative["announced"].min()).days
    months = None if span_days <= LONG_SPAN_DAYS else (1, 7)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=months))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y" if months else "%b"))
    ax.set_ylabel("Persons expelled since 24 February 2022")
    ax.set_title("Running total, every state, with tallies of the same scope", loc="left")
    ax.legend(loc="lower right")
    if not narrow.empty:
        right = axes[1]
        rows = list(dict.fromkeys(narrow["scope"]))
        for row, scope in enumerate(rows):
            part = narrow[narrow["scope"] == scope]
            color = DIRECTION_COLORS[str(part["direction"].iloc[0])]
            right.scatter(
                part["figure"].astype(float),
                [row] * len(part),
                facecolor="none",
                edgecolor=color,
                s=45,
                linewidth=1.5,
                zorder=3,
            )
            right.scatter([float(part["scope_count"].iloc[0])], [row], color=color, s=30, zorder=4)
        right.set_yticks(range(len(rows)), rows)
        right.invert_yaxis()
        right.set_xlim(left=0)
        right.set_xlabel("Persons expelled")
        right.set_title("Narrower tallies against\nour count of the same scope", loc="left")
        right.legend(
            handles=[
                Line2D([], [], marker="o", linestyle="", color="0.3", label="our count"),
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markerfacecolor="none",
                    markeredgecolor="0.3",
                    label="published",
                ),
            ],
            loc="lower right",
        )
    finish(fig, title, source, subtitle)
    labels = [(pd.Timestamp(day), top * 1.05, label) for label, day in marks.items()]
    for _, day in marks.items():
        ax.axvline(pd.Timestamp(day), color="0.3", linestyle="--", linewidth=1)
    if span is not None:
        labels.append((pd.Timestamp(span[0]), top * 0.98, span[2]))
    place_labels(ax, [(mdates.date2num(x), y, text) for x, y, text in labels])
    return fig


def _flag_unknown(names: pd.Series, unknown: pd.Series) -> list[str]:
    """Names, with ' (?)' after those whose pair has events of unknown size."""
    return [
        f"{name} (?)" if int(n) > 0 else str(name)
        for name, n in zip(names, unknown.fillna(0), strict=True)
    ]


@styled
def plot_who_expelled_whom(
    table: pd.DataFrame, title: str, source: str, subtitle: str = ""
) -> Figure:
    """Per counterpart of Russia: persons it expelled (to the left) and persons Russia
    expelled of it (to the right); '(?)' marks a pair with events of unknown size (counted
    as 0). ``table``: ``reciprocity.dyads`` with ``other_name``.
    """
    fig, (ax,) = new_figure(height=0.2 * len(table) + 2.2)
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
    ax.set_yticks(y, _flag_unknown(shown["other_name"], shown["unknown_events"]), fontsize=9)
    ax.set_ylim(-0.7, len(shown) - 0.3)
    ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{abs(v):g}"))
    ax.set_xlabel("Persons expelled (left: Russians, by the state; right: by Russia)")
    ax.legend(loc="lower right")
    return finish(fig, title, source, subtitle)


@styled
def plot_reciprocity_over_time(
    windows: pd.DataFrame, title: str, source: str, subtitle: str = ""
) -> Figure:
    """Binary and weighted network reciprocity of the events up to each date, the weighted
    value labelled. ``windows``: ``reciprocity.network_over_windows`` with an ``end`` column.
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
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("Reciprocity (0: nothing answered, 1: all in full)")
    long_span = (windows["end"].max() - windows["end"].min()).days > LONG_SPAN_DAYS
    labels = list(windows["end"].dt.strftime("%b\n%Y" if long_span else "%d %b"))
    ends = list(windows["end"])
    if long_span and len(ends) > 1 and (ends[-1] - ends[-2]).days < CROWDED_TICK_DAYS:
        labels[-2] = ""  # a quarter's end too close to the last day: keep the last day's label
    ax.set_xticks(windows["end"], labels)
    ax.set_xlabel("Events announced from 24 February 2022 up to (quarter's end)")
    ax.legend(loc="lower right")
    finish(fig, title, source, subtitle)
    changes = windows["weighted"].round(2).ne(windows["weighted"].round(2).shift())
    shown = windows[changes | (windows.index == windows.index[-1])]
    for row in shown.itertuples():
        ax.annotate(
            f"{row.weighted:.2f}",
            (row.end, row.weighted),
            xytext=(0, -8),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=LABEL_PT,
            color=MEASURE_COLORS["weighted"],
        )
    return fig


#: Short axis labels of the episodes (the war's later years by their year alone).
EPISODE_LABELS = {
    "skripal-2018": "2018 (Skripal)",
    "ukraine-2022": "2022",
    "uk-1971": "1971 UK",
    "uk-1985": "1985 UK",
    "us-1986": "1986 US",
    "can-1988": "1988 Canada",
    "uk-1989": "1989 UK",
    "us-2001": "2001 US",
    "uk-2007": "2007 UK",
    "us-2016": "2016 US",
    "cze-2021": "2021 Czechia",
}


def episode_label(name: str) -> str:
    """'2018 (Skripal)', '2022', and the war's later years as '2023', '2024', ..."""
    return EPISODE_LABELS.get(name, name.removeprefix("war-"))


#: Points of a strip chart: rows are labelled on the axis, so one colour serves every row.
STRIP_COLOR = DIRECTION_COLORS["russians_expelled"]


def _strip(ax, values: pd.Series, groups: pd.Series, order: list[str]) -> None:
    """One row of points per group, jittered vertically, with the group's median as a bar;
    each row's label gives its n, and a group under ``SMALL_GROUP`` is drawn hollow."""
    counts = []
    for row, group in enumerate(order):
        points = values[groups == group].dropna().to_numpy(dtype=float)
        counts.append(len(points))
        jitter = (np.arange(len(points)) % 7 - 3) * 0.05
        small = len(points) < SMALL_GROUP
        ax.scatter(
            points,
            row + jitter,
            facecolor="none" if small else STRIP_COLOR,
            edgecolor=STRIP_COLOR if small else "white",
            s=28,
            alpha=0.8,
            label="_" if row else "one answer",
        )
        if len(points):
            ax.plot(
                [np.median(points)] * 2,
                [row - 0.3, row + 0.3],
                color="black",
                linewidth=2,
                label="_" if row else "median",
            )
    ax.set_yticks(
        range(len(order)),
        [f"{episode_label(name)}\n(n = {n})" for name, n in zip(order, counts, strict=True)],
    )
    ax.set_ylim(-0.6, len(order) - 0.4)
    ax.invert_yaxis()


@styled
def plot_episode_ratios_and_lags(
    table: pd.DataFrame, order: list[str], title: str, source: str, subtitle: str = ""
) -> Figure:
    """Left: response ratio of every answered stimulus of known size, one row per episode;
    right: days to the first answer. Black bars: medians; hollow points: fewer than
    ``SMALL_GROUP``. ``table``: ``counterpart_stimuli`` rows with an ``episode`` column.
    """
    fig, (left, right) = new_figure(2)
    answered = table[table["answers"] != ""]
    _strip(left, answered["response_ratio"].astype("Float64"), answered["episode"], order)
    left.axvline(1, color="0.4", linestyle="--", linewidth=1)
    left.set_xlabel("Response ratio (persons answered / persons expelled)")
    left.set_title("How much Russia answered")
    left.set_xlim(left=0)
    left.legend(loc="upper right")
    _strip(right, answered["lag_first_days"].astype("Float64"), answered["episode"], order)
    right.set_xlabel("Days from the expulsion to Russia's first answer")
    right.set_title("How fast Russia answered")
    right.set_xlim(left=-1)
    return finish(fig, title, source, subtitle)


@styled
def plot_episode_classes_and_reciprocity(
    profiles: pd.DataFrame, title: str, source: str, subtitle: str = ""
) -> Figure:
    """Left: share of stimuli in each class, one bar per episode (colour and hatching; the
    label gives n); right: binary and weighted network reciprocity per episode.
    ``profiles``: ``reciprocity.compare_episodes``.
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
    left.set_yticks(
        y,
        [
            f"{episode_label(name)}\n(n = {n})"
            for name, n in zip(order, profiles["stimuli"], strict=True)
        ],
    )
    left.invert_yaxis()
    left.set_xlim(0, 1)
    left.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    left.set_xlabel("Share of the episode's expulsions of Russians")
    left.set_title("How each expulsion was answered")
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3)
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
        right.bar_label(bars, fmt="%.2f", fontsize=LABEL_PT, rotation=90, padding=2)
    right.set_xticks(
        np.arange(len(order)), [episode_label(name).replace(" (", "\n(") for name in order]
    )
    right.set_ylim(0, 1.25)
    right.set_ylabel("Network reciprocity (0 to 1)")
    right.set_title("Reciprocity of the whole network")
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2)
    return finish(fig, title, source, subtitle)


@styled
def plot_evidence_ranks(
    table: pd.DataFrame, title: str, source: str, subtitle: str = ""
) -> Figure:
    """Per episode, the share of events adopted from each rank of evidence (left) and the
    share of reports of each rank (right), as stacked horizontal bars with counts; ranks 4-6
    (not first-hand) hatched. ``table``: ``tables.evidence_ranks``.
    """
    fig, axes = new_figure(ncols=2)
    episodes = list(dict.fromkeys(table["episode"]))
    ranks = list(dict.fromkeys(table["rank"]))
    for ax, column, label in zip(
        axes,
        ("events", "reports"),
        ("Events, by the rank of the source of their figure", "Reports, by rank"),
        strict=True,
    ):
        wide = table.pivot_table(index="episode", columns="rank", values=column, aggfunc="sum")
        wide = wide.loc[episodes, ranks]
        totals = wide.sum(axis=1)
        shares = wide.div(totals, axis=0)
        left = np.zeros(len(episodes))
        for rank, color, hatch in zip(ranks, RANK_COLORS, RANK_HATCHES, strict=True):
            values = shares[rank].to_numpy()
            names = table.loc[table["rank"] == rank, "rank_name"].iloc[0]
            ax.barh(
                range(len(episodes)),
                values,
                left=left,
                color=color,
                hatch=hatch,
                edgecolor="white",
                label=f"{rank}. {names}",
            )
            for y, (share, count) in enumerate(zip(values, wide[rank], strict=True)):
                if share * len(str(count)) >= 0.05 and share >= 0.06:
                    ax.text(
                        left[y] + share / 2,
                        y,
                        str(count),
                        ha="center",
                        va="center",
                        fontsize=LABEL_PT,
                        color="white" if rank == 1 else "black",
                        bbox={"facecolor": color, "edgecolor": "none", "pad": 0.5},
                    )
            left += values
        ax.set_yticks(
            range(len(episodes)),
            [f"{episode_label(e)} (n = {int(n)})" for e, n in zip(episodes, totals, strict=True)],
        )
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
        ax.set_title(label, loc="left", fontsize=10)
        ax.invert_yaxis()
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncols=3)
    return finish(fig, title, source, subtitle)


@styled
def plot_persons_by_year(
    table: pd.DataFrame, title: str, source: str, subtitle: str = ""
) -> Figure:
    """Persons each way per year as paired bars, with a whisker from the lowest to the highest
    reported total; each bar says its events, and how many of them are of unknown size
    (counted as 0). ``table``: ``years.persons_by_year``.
    """
    fig, (ax,) = new_figure()
    year_list = sorted(table["year"].unique())
    x = np.arange(len(year_list))
    width = 0.4
    labels = []
    for offset, (name, color) in enumerate(DIRECTION_COLORS.items()):
        part = table[table["direction"] == name].set_index("year").reindex(year_list)
        persons = part["persons"].astype(float).to_numpy()
        low = part["low"].astype(float).to_numpy()
        high = part["high"].astype(float).to_numpy()
        where = x + (offset - 0.5) * width
        ax.bar(where, persons, width, color=color, label=DIRECTION_LABELS[name])
        ax.vlines(where, low, high, color="black", linewidth=1.2)
        for at, p, h, e, u in zip(
            where, persons, high, part["events"], part["unknown"].fillna(0), strict=True
        ):
            unknown = f"\n{int(u)} unknown" if int(u) else ""
            labels.append((at, max(p, h), f"{int(p)}\n{int(e)} ev.{unknown}"))
    ax.set_xticks(x, [str(y) for y in year_list])
    ax.set_xlabel("Year of announcement")
    ax.set_ylabel("Persons expelled (whisker: lowest to highest reported)")
    ax.set_ylim(0, table["high"].astype(float).max() * 1.3)
    ax.legend(loc="upper right")
    finish(fig, title, source, subtitle)
    for at, y, text in labels:
        ax.annotate(
            text,
            (at, y),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=LABEL_PT,
            linespacing=1.0,
        )
    return fig


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
def plot_answers_by_year(
    table: pd.DataFrame, title: str, source: str, subtitle: str = ""
) -> Figure:
    """Left: share of each year's measures that were answered, per side, labelled answered /
    measures; right: median days to the first answer. A year with fewer than
    ``SMALL_GROUP`` measures is drawn hollow. ``table``: ``years.answers_by_year``.
    """
    fig, (left, right) = new_figure(2)
    labels = []
    for side, (label, color, style) in ANSWER_SIDE_STYLE.items():
        part = table[table["side"] == side].sort_values("year")
        if part.empty:
            continue
        small = part["stimuli"] < SMALL_GROUP
        for ax, column in ((left, "answered_share"), (right, "median_lag_days")):
            ax.plot(part["year"], part[column], style[1:], color=color, label=label)
            ax.scatter(
                part["year"],
                part[column],
                marker=style[0],
                s=40,
                zorder=3,
                facecolor=np.where(small, "white", color),
                edgecolor=color,
                linewidth=1.5,
            )
        labels.append(
            (
                color,
                [
                    (r.year, r.answered_share, f"{r.answered}/{r.stimuli}")
                    for r in part.itertuples()
                ],
            )
        )
    year_list = sorted(table["year"].unique())
    for ax in (left, right):
        ax.set_xticks(year_list, [str(y) for y in year_list])
        ax.set_xlim(year_list[0] - 0.5, year_list[-1] + 0.5)
        ax.set_xlabel("Year of the measure")
    left.set_ylim(0, 1.15)
    left.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    left.set_ylabel("Share answered (label: answered / measures)")
    left.set_title("Share of the year's measures answered")
    right.set_ylim(bottom=0)
    right.set_ylabel("Days (median)")
    right.set_title("Median days to the first answer")
    handles, names = left.get_legend_handles_labels()
    handles.append(
        Line2D([], [], marker="o", linestyle="", markerfacecolor="white", markeredgecolor="0.3")
    )
    names.append(f"hollow: fewer than {SMALL_GROUP} measures that year")
    fig.legend(handles, names, loc="lower center", ncols=3)
    finish(fig, title, source, subtitle)
    everywhere = [(x, y) for _, items in labels for x, y, _ in items]
    for color, items in labels:
        place_labels(left, items, color=color, points=everywhere)
    return fig


@styled
def plot_pair_balances(table: pd.DataFrame, title: str, source: str, subtitle: str = "") -> Figure:
    """Per counterpart of Russia: the net balance of persons over the period (Russia's
    expulsions of its personnel minus its expulsions of Russians), sorted, each bar coloured
    by who announced the latest measure, with the date of that measure; '(?)' marks a pair
    with events of unknown size. ``table``: ``years.pair_balances`` with ``name``.
    """
    fig, (ax,) = new_figure(height=0.2 * len(table) + 2.4)
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
            fontsize=LABEL_PT,
            color="0.3",
        )
    ax.axvline(0, color="0.2", linewidth=0.8)
    ax.set_yticks(y, _flag_unknown(shown["name"], shown["unknown_events"]), fontsize=9)
    ax.set_ylim(len(shown) - 0.4, -0.6)
    ax.set_xlabel(
        "Net balance, persons: Russia's expulsions of the state's personnel minus the "
        "state's expulsions of Russians"
    )
    ax.legend(loc="upper left")
    return finish(fig, title, source, subtitle)


#: Notebook 8: the precedents, 2018 and the war, each drawn in its own colour.
ERA_COLORS = {
    "precedent": NEUTRAL,
    "skripal-2018": OKABE_ITO["blue"],
    "war": OKABE_ITO["vermillion"],
}
#: What the legend calls each era.
ERA_LABELS = {"precedent": "1971-2021", "skripal-2018": "2018", "war": "2022-2026"}
#: The response-ratio axis of notebook 8 (log scale): ratios below are drawn at the floor.
RATIO_FLOOR, RATIO_CEILING = 0.02, 20.0


def era_of(name: str) -> str:
    """The era of an episode: ``skripal-2018``, ``war`` (2022 and later) or ``precedent``."""
    if name == "skripal-2018":
        return name
    return "war" if name == "ukraine-2022" or name.startswith("war-") else "precedent"


@styled
def plot_fifty_years(
    tables: tuple[pd.DataFrame, pd.DataFrame], title: str, source: str, subtitle: str
) -> Figure:
    """Left: the response ratio of Russia's answer to every answered expulsion, one row per
    episode from 1971 on (log scale; a hollow ring where the answer was not the same number
    of persons, a filled dot where it was). Right: per episode, the share of answers equal
    to the person (mirror share) beside the share within ±10 % (the ``equal`` class).
    ``tables``: ``analysis.figures.tables.fifty_years``.
    """
    answered, profile = tables
    order = list(profile.index)
    fig, (left, right) = new_figure(2, width_ratios=(1.6, 1.0))
    for row, name in enumerate(order):
        color = ERA_COLORS[era_of(name)]
        part = answered[answered["episode"] == name]
        ratios = part["response_ratio"].astype("Float64").dropna()
        mirrored = part.loc[ratios.index, "mirrored"].astype(bool).to_numpy()
        values = ratios.to_numpy(dtype=float).clip(RATIO_FLOOR, RATIO_CEILING)
        jitter = (np.arange(len(values)) % 7 - 3) * 0.06
        left.scatter(
            values[mirrored],
            row + jitter[mirrored],
            color=color,
            s=30,
            alpha=0.85,
            edgecolor="white",
            zorder=3,
        )
        left.scatter(
            values[~mirrored],
            row + jitter[~mirrored],
            facecolor="white",
            edgecolor=color,
            s=30,
            linewidth=1.4,
            zorder=3,
        )
    left.set_xscale("log")
    left.set_xlim(RATIO_FLOOR * 0.8, RATIO_CEILING * 1.25)
    left.axvline(1, color="0.4", linestyle="--", linewidth=1)
    left.set_yticks(range(len(order)), [episode_label(name).replace("\n", " ") for name in order])
    left.set_ylim(len(order) - 0.4, -0.6)
    left.set_xticks(
        [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10], ["0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10"]
    )
    left.set_xlabel("Response ratio (persons Russia expelled back / persons it lost; log scale)")
    left.set_title("Each answer (filled: exactly the same number)")
    y = np.arange(len(order))
    mirror = profile["mirror_share"].to_numpy(dtype=float)
    band = profile["equal_share"].to_numpy(dtype=float)
    colors = [ERA_COLORS[era_of(name)] for name in order]
    right.barh(y, np.nan_to_num(band), color=colors, alpha=0.3, label="within ±10 %")
    right.barh(y, np.nan_to_num(mirror), color=colors, label="exactly equal")
    for row, (share, known) in enumerate(zip(mirror, profile["known"], strict=True)):
        text = "no answer" if known == 0 else f"{share:.0%} of {known}"
        right.text(1.02, row, text, va="center", fontsize=9)
    right.set_yticks(y, [""] * len(order))
    right.set_ylim(len(order) - 0.4, -0.6)
    right.set_xlim(0, 1.3)
    right.set_xticks([0, 0.5, 1], ["0", "50 %", "100 %"])
    right.set_xlabel("Share of answers with both figures known")
    right.set_title("Exact (dark), within ±10 % (light)")
    handles = [
        Line2D([], [], marker="o", linestyle="", color=ERA_COLORS[era], label=label)
        for era, label in ERA_LABELS.items()
    ]
    left.legend(handles=handles, loc="center right")
    return finish(fig, title, source, subtitle)
