"""Captions and alternative text of the figures in the report.

``CAPTIONS`` gives each registered figure (``analysis.figures.FIGURES``) its alternative text
(what is drawn, for a reader who cannot see it), what it shows (what is counted and how), the
notebook that tells it, and the kind of finding (``analysis.findings.KINDS``) whose statements
say what it finds. No number is typed here: what a figure finds is the findings' statements,
computed from the data, or, for a figure no finding speaks for, a pointer to its notebook.
A test checks that every registered figure has a caption.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.figures.style import RANK_COLORS, colour_name


@dataclass(frozen=True)
class Caption:
    """A figure's alternative text, what it shows, its notebook and its finding kind."""

    alt: str
    shows: str
    notebook: str
    finding: str | None = None


CAPTIONS: dict[str, Caption] = {
    "01-reported-ranges": Caption(
        "Horizontal ranges, one line per 2022 event whose sources give different numbers, "
        "from the lowest to the highest reported figure, with the adopted figure marked.",
        "Each event of 2022 whose reports disagree on the number of persons expelled: the range "
        "of the reported figures and the one adopted.",
        "01-the-data",
    ),
    "01-evidence-ranks": Caption(
        "Two panels of stacked bars, one bar per episode: the events by the rank of the "
        "source their figure is adopted from, and every report by the rank of its source, "
        f"from government statements ({colour_name(RANK_COLORS[0])}) to encyclopedias "
        f"({colour_name(RANK_COLORS[-1])}), the ranks that are not first-hand hatched.",
        "How strong the evidence under each adopted figure is: the events of each episode by "
        "the rank of the source the figure comes from.",
        "01-the-data",
        "counts",
    ),
    "02-article-chart": Caption(
        "Horizontal bars for the seven states the article names, our count of persons Russia "
        "expelled from 1 April to 19 May 2022, each with a tick at the article's figure and a "
        "label with both numbers and the verdict.",
        "The article's chart redrawn: its seven figures of persons expelled by Russia from 1 "
        "April to 19 May 2022 beside our count of the same window and state.",
        "02-the-article-reproduced",
        "state-figures",
    ),
    "03-stimulus-answer": Caption(
        "Two panels: dots, one per 2022 expulsion of Russians, the persons it expelled "
        "against the persons of Russia's answer, coloured by class (equal, de-escalating, "
        "unanswered), with the line of an equal answer; and the days to each answer by class.",
        "Each expulsion of Russians in 2022 against Russia's answer to it: in kind, less, more "
        "or none.",
        "03-tit-for-tat",
    ),
    "04-timeline": Caption(
        "Two rising lines of persons expelled, by Russia and of Russians, from the invasion to "
        "the latest event, with published tallies as points and the busiest week shaded.",
        "Our running total of persons expelled each way from the invasion to the latest event, "
        "and every published tally at its date.",
        "04-the-timeline",
        "tallies",
    ),
    "04-timeline-2022": Caption(
        "The same running totals for 2022 only, with the article's date and the published "
        "tallies marked.",
        "Our running total each way through 2022 against the tallies published that year, the "
        "article's date marked.",
        "04-the-timeline",
        "to-the-article",
    ),
    "05-who-expelled-whom": Caption(
        "Back-to-back horizontal bars, one line per state: to the left the Russians it "
        "expelled, to the right its personnel Russia expelled.",
        "Who expelled whom from February 2022 to the latest event, in persons.",
        "05-the-network",
    ),
    "05-reciprocity-over-time": Caption(
        "Lines of binary and weighted network reciprocity at the end of each quarter since "
        "February 2022.",
        "How mutual the expulsions were, measured on the network of every event up to each "
        "quarter's end.",
        "05-the-network",
    ),
    "06-episode-ratios-and-lags": Caption(
        "Two panels of dots, one row per episode: the ratio of each answer of Russia to the "
        "expulsion it answered, and the days it took.",
        "Russia's answers episode by episode (2018, 2022 and each later year): how many it "
        "expelled per person expelled, and how fast.",
        "06-two-episodes-compared",
    ),
    "06-episode-classes-and-reciprocity": Caption(
        "Two panels: stacked horizontal bars per episode of the share of expulsions of "
        "Russians unanswered, answered less, answered more or in kind; and bars of the binary "
        "and weighted network reciprocity of each episode.",
        "How expulsions of Russians were answered in each episode, and how mutual each "
        "episode's network was.",
        "06-two-episodes-compared",
    ),
    "07-persons-by-year": Caption(
        "Bars per year from 2022, persons expelled by Russia and of Russians, with the range "
        "of the reported figures.",
        "Persons expelled each way in each year of the war, with the range the reports allow.",
        "07-after-the-article",
        "after-the-article",
    ),
    "07-answers-by-year": Caption(
        "Two panels of lines by year, one line for Russia answering expulsions of Russians and "
        "one for states answering Russia's: the share of measures answered, and the median "
        "days to the first answer.",
        "Whether each year's expulsions of Russians were answered, and how fast.",
        "07-after-the-article",
    ),
    "07-pair-balances": Caption(
        "Horizontal bars, one per state: the net balance of persons since February 2022, "
        "Russia's expulsions of the state's personnel minus the state's expulsions of "
        "Russians, coloured by who took the latest measure, with its month.",
        "Where each pair stood at the latest event: persons Russia expelled minus persons the "
        "state expelled, since February 2022.",
        "07-after-the-article",
    ),
    "08-fifty-years": Caption(
        "Left: one dot per answer by Moscow (the USSR before 1992) to an expulsion of its "
        "diplomats, one row per episode from 1971 to 2026, placed by the ratio of persons "
        "expelled back to persons lost on a log scale, filled where the numbers are equal. "
        "Right: one bar per episode, the share of answers exactly equal, and within 10 %.",
        "Russia's answers in 2018, 2022 and the war's later years beside nine earlier pairs of "
        "expulsions and answers (1971-2021): response ratio of each answer and the share that "
        "mirrored the number exactly.",
        "08-fifty-years",
    ),
}
