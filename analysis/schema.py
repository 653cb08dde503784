"""The data tables, declared once: file names, columns, kinds, allowed values, meaning.

Loaders, validation and the data README test all read these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnKind = Literal[
    "id", "ref", "refs", "text", "date", "count", "choice", "state", "states", "language", "url"
]

#: The war after the article is divided by calendar year, one episode a year: each keeps its
#: own coverage and tallies, and the article's episode (``ukraine-2022``) counts what it always
#: counted. ``WAR_EPISODES`` are the war's years in order.
WAR_EPISODES = ("ukraine-2022", "war-2023", "war-2024", "war-2025", "war-2026")
#: Earlier episodes, the fifty-year yardstick: one per crisis between Moscow and one other
#: state, each an expulsion and the answers to it (data/README.md, "Precedents"). The Soviet
#: Union is coded ``RUS``, the Russian Federation being its continuator state.
PRECEDENT_EPISODES = (
    "uk-1971",
    "uk-1985",
    "us-1986",
    "can-1988",
    "uk-1989",
    "us-2001",
    "uk-2007",
    "us-2016",
    "cze-2021",
)
#: The episodes since 2018 that notebooks 1 to 7 tell: the article's year, the war's later
#: years and the Skripal episode (the precedents have notebook 8).
CORE_EPISODES = ("ukraine-2022", "skripal-2018", *WAR_EPISODES[1:])
EPISODES = (*CORE_EPISODES, *PRECEDENT_EPISODES)
#: The dates an episode's events may be announced on (inclusive): its scope in data/README.md.
EPISODE_SPANS = {
    "ukraine-2022": ("2022-01-01", "2022-12-31"),
    "skripal-2018": ("2018-03-01", "2018-05-31"),
    "war-2023": ("2023-01-01", "2023-12-31"),
    "war-2024": ("2024-01-01", "2024-12-31"),
    "war-2025": ("2025-01-01", "2025-12-31"),
    "war-2026": ("2026-01-01", "2026-12-31"),
    "uk-1971": ("1971-09-01", "1971-12-31"),
    "uk-1985": ("1985-09-01", "1985-12-31"),
    "us-1986": ("1986-09-01", "1986-12-31"),
    "can-1988": ("1988-06-01", "1988-07-31"),
    "uk-1989": ("1989-05-01", "1989-07-31"),
    "us-2001": ("2001-03-01", "2001-07-31"),
    "uk-2007": ("2007-07-01", "2007-08-31"),
    "us-2016": ("2016-12-01", "2017-01-31"),
    "cze-2021": ("2021-04-01", "2021-05-31"),
}
QUALIFIERS = ("exact", "at_least", "about", "unknown")
TALLY_QUALIFIERS = ("exact", "at_least", "more_than", "about", "nearly")
DATE_PRECISIONS = ("day", "month")
PERSONNEL = ("diplomats", "staff", "mixed", "ambassador", "unknown")
DIRECTIONS = ("expelled_by_russia", "russians_expelled")
COMPARATORS = ("nearly", "at_least", "about", "exactly")
MEASURES = ("persons", "uncountable")
#: Which personnel a reading of a claim counts: every person, or diplomats only (events whose
#: ``personnel`` is ``diplomats`` or ``ambassador``; other kinds are reported as uncertain).
READING_PERSONNEL = ("all", "diplomats")
YES_NO = ("yes", "no")
#: Where a published figure stands in the history of an article's number.
PROVENANCE_ROLES = ("earliest", "closest")

#: What kind of publisher a source is, strongest evidence first (data/README.md, "Evidence").
SOURCE_KINDS = ("government", "wire", "national", "local", "aggregator", "encyclopedia")
#: Whether a page reports an event first-hand or passes on someone else's report.
HANDS = ("first", "relay")
#: What a coverage row found for a state, an episode and a direction.
COVERAGE_FOUND = ("events", "none")
#: What a quotation claim asserts: words in quotation marks, who said something, or how a
#: state's reaction compares with others'.
QUOTE_KINDS = ("quote", "attribution", "characterisation")
#: Verdicts on the article's words (data/README.md, "Quotations").
QUOTE_VERDICTS = ("verbatim", "faithful_paraphrase", "altered", "misattributed", "not_found")

#: In a ``refs`` column, the separator between ids.
REFS_SEPARATOR = ";"

#: The largest whole number a ``count`` cell may hold (persons, figures, tolerances): far above
#: any real expulsion or tally, low enough that no typo of extra digits passes.
MAX_COUNT = 1_000_000
#: The most characters one cell may hold: a long note loads (Python's csv module alone stops
#: at 131,072), a runaway quote that swallows the rest of a file does not.
MAX_CELL_CHARS = 1_000_000
#: The largest table file that is read, in bytes, checked before reading (``safeio``): the
#: largest shipped table is under 400 kB; a file linked to an endless or huge file is
#: refused instead of filling the memory.
MAX_TABLE_BYTES = 64_000_000

#: In a ``states`` column, this value stands for every state.
ALL_STATES = "*"
#: In a ``states`` column, the separator between codes.
STATES_SEPARATOR = ";"


@dataclass(frozen=True)
class ColumnSpec:
    """One column: its kind decides how raw text is checked and typed.

    - id: unique identifier, ``[A-Za-z0-9][A-Za-z0-9_.-]*``; ref: the id of a row elsewhere;
      refs: distinct ids joined by ``;``.
    - text: free text; date: ``YYYY-MM-DD``, ASCII digits, a real calendar day; count: ASCII
      digits without a leading zero (``0`` itself allowed), at most ``MAX_COUNT``.
    - choice: one of ``values``; state: a state code; states: ``*`` or codes joined by ``;``.
    - language: ISO 639-1 code; url: ``http(s)://`` with no spaces.
    An empty cell means "missing" and is allowed only where ``required`` is False. No cell of
    any kind may hold a control character (Unicode category Cc: tab, line break, NUL...) or
    more than ``MAX_CELL_CHARS`` characters.

    ``refers_to`` (``ref`` and ``refs`` columns only): the table and id column each id must
    name, e.g. ``("sources", "source_id")``: the foreign keys of datapackage.json.
    """

    kind: ColumnKind
    doc: str
    required: bool = True
    values: tuple[str, ...] = ()
    refers_to: tuple[str, str] | None = None


@dataclass(frozen=True)
class TableSpec:
    """One CSV file under ``data/``: one row per ``unit``, columns in this order."""

    name: str
    unit: str
    columns: dict[str, ColumnSpec] = field(default_factory=dict)
    #: Column groups whose combined values must be unique.
    unique_together: tuple[tuple[str, ...], ...] = ()

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def id_column(self) -> str | None:
        return next((n for n, c in self.columns.items() if c.kind == "id"), None)


SOURCES = TableSpec(
    name="sources",
    unit="source (one published page that was read)",
    columns={
        "source_id": ColumnSpec("id", "Stable id of the source."),
        "publisher": ColumnSpec(
            "text",
            "Who published it, with the agency whose text it carries in parentheses.",
        ),
        "title": ColumnSpec(
            "text", "Title of the page as stored; see the README for titles read off the URL."
        ),
        "url": ColumnSpec("url", "Address of the stored copy that was read."),
        "canonical_url": ColumnSpec(
            "url",
            "The publisher's own address when the stored copy is a mirror, repost or staging host.",
            required=False,
        ),
        "published": ColumnSpec(
            "date", "Publication date; empty when the page gives none.", required=False
        ),
        "language": ColumnSpec("language", "Language of the page (ISO 639-1)."),
        "kind": ColumnSpec(
            "choice", "What kind of publisher the page is (see Evidence).", values=SOURCE_KINDS
        ),
        "carries": ColumnSpec(
            "text",
            "The agencies whose text the page carries when it credits them ('AFP', 'Reuters;TASS').",
            required=False,
        ),
        "under_check": ColumnSpec(
            "choice",
            "'yes' for the article under check and pages that only republish it: evidence for "
            "nothing but the article's own claims.",
            values=YES_NO,
        ),
        "note": ColumnSpec("text", "Caveats about the source.", required=False),
    },
    unique_together=(("url",),),
)

EVENTS = TableSpec(
    name="events",
    unit="announced expulsion measure (one date, one expelling state, one expelled state)",
    columns={
        "event_id": ColumnSpec(
            "id", "Stable id: announcement date, expelling and expelled codes."
        ),
        "announced": ColumnSpec("date", "Date the measure was made public (see date_precision)."),
        "date_precision": ColumnSpec(
            "choice",
            "'day', or 'month' when only the month is known: announced is then the month's last day.",
            values=DATE_PRECISIONS,
        ),
        "expelling": ColumnSpec("state", "State (or EU) that expels: ISO 3166-1 alpha-3 or EUU."),
        "expelled": ColumnSpec("state", "State (or EU) whose personnel are expelled."),
        "persons": ColumnSpec(
            "count",
            "Number of persons the analysis adopts; empty when no source gives one.",
            required=False,
        ),
        "qualifier": ColumnSpec("choice", "How exact the adopted number is.", values=QUALIFIERS),
        "personnel": ColumnSpec(
            "choice", "Kind of personnel expelled, where known.", values=PERSONNEL
        ),
        "episode": ColumnSpec("choice", "The episode the measure belongs to.", values=EPISODES),
        "adopted_from": ColumnSpec(
            "ref",
            "Source whose report gives the adopted number and qualifier.",
            required=False,
            refers_to=("sources", "source_id"),
        ),
        "adoption_note": ColumnSpec(
            "text",
            "Why the adopted number is none of the reported ones (required when adopted_from is "
            "empty); for a figure adopted from a relay or a local outlet, what was searched.",
            required=False,
        ),
        "note": ColumnSpec("text", "What happened, in our words."),
    },
)

RESPONSES = TableSpec(
    name="responses",
    unit="link 'measure R answers measure S' (many-to-many)",
    columns={
        "response": ColumnSpec("ref", "Event id of the answer.", refers_to=("events", "event_id")),
        "stimulus": ColumnSpec(
            "ref", "Event id of the measure it answers.", refers_to=("events", "event_id")
        ),
        "source": ColumnSpec(
            "ref", "Source that states the link.", refers_to=("sources", "source_id")
        ),
        "note": ColumnSpec("text", "Caveats about the link.", required=False),
    },
    unique_together=(("response", "stimulus"),),
)

REPORTS = TableSpec(
    name="reports",
    unit="what one source says about one event",
    columns={
        "report_id": ColumnSpec("id", "Stable id of the report."),
        "event": ColumnSpec("ref", "Event id.", refers_to=("events", "event_id")),
        "source": ColumnSpec("ref", "Source id.", refers_to=("sources", "source_id")),
        "persons": ColumnSpec(
            "count", "Number of persons the source gives; empty if it gives none.", required=False
        ),
        "qualifier": ColumnSpec(
            "choice", "How the source qualifies its number.", values=QUALIFIERS
        ),
        "hand": ColumnSpec(
            "choice",
            "'first' when the page reports the event first-hand, 'relay' when it passes on "
            "another outlet's report or a third state's decision.",
            values=HANDS,
        ),
        "announced": ColumnSpec(
            "date",
            "The day the source dates the measure to; empty when it gives none.",
            required=False,
        ),
        "excerpt": ColumnSpec(
            "text",
            "The passage of the stored page, verbatim and in its language, that states the "
            "number (or, with no number, the measure): a sentence at most.",
        ),
        "gloss": ColumnSpec(
            "text",
            "English gloss of the excerpt; required when the source is not in English.",
            required=False,
        ),
        "note": ColumnSpec("text", "What the source says, in our words.", required=False),
    },
    unique_together=(("event", "source", "persons"),),
)

CLAIMS = TableSpec(
    name="claims",
    unit="checkable statement of the article",
    columns={
        "claim_id": ColumnSpec("id", "Stable id of the claim."),
        "quote": ColumnSpec("text", "Short quote of the article's words."),
        "claimed_value": ColumnSpec("count", "The number claimed."),
        "direction": ColumnSpec("choice", "Which way the expulsions run.", values=DIRECTIONS),
        "episode": ColumnSpec(
            "choice", "The episode whose events the claim counts.", values=EPISODES
        ),
        "source": ColumnSpec(
            "ref", "Source of the claim (the article).", refers_to=("sources", "source_id")
        ),
        "note": ColumnSpec("text", "What the claim says, in our words."),
    },
)

READINGS = TableSpec(
    name="readings",
    unit="reasonable reading of one claim: what it counts, over which window, in which range",
    columns={
        "reading_id": ColumnSpec("id", "Stable id of the reading."),
        "claim": ColumnSpec("ref", "Claim id.", refers_to=("claims", "claim_id")),
        "label": ColumnSpec("text", "Short name of the reading, e.g. 'the month to 19 May'."),
        "natural": ColumnSpec(
            "choice",
            "'yes' for the claim's most natural reading (exactly one per claim), else 'no'.",
            values=YES_NO,
        ),
        "measure": ColumnSpec(
            "choice",
            "What is counted: persons, or something the data cannot count.",
            values=MEASURES,
        ),
        "comparator": ColumnSpec(
            "choice", "How the words qualify the number.", values=COMPARATORS
        ),
        "tolerance": ColumnSpec(
            "count", "Persons allowed off the claimed value ('nearly', 'about').", required=False
        ),
        "personnel": ColumnSpec(
            "choice",
            "Personnel counted: all persons, or diplomats only.",
            values=READING_PERSONNEL,
        ),
        "states": ColumnSpec(
            "states",
            "States counted on the other side of Russia: '*' for all, or codes joined by ';'.",
        ),
        "window_start": ColumnSpec("date", "First announcement date counted."),
        "window_end": ColumnSpec("date", "Last announcement date counted."),
        "reason": ColumnSpec(
            "text",
            "Why the words allow this reading (and, if natural, why it is the most natural).",
        ),
    },
)

PROVENANCE = TableSpec(
    name="provenance",
    unit="published figure that an article's number may come from",
    columns={
        "claim": ColumnSpec("ref", "Claim id.", refers_to=("claims", "claim_id")),
        "role": ColumnSpec(
            "choice",
            "'earliest': first publication of the figure (or the nearest one); 'closest': the "
            "published figure nearest to the article's on or before its date.",
            values=PROVENANCE_ROLES,
        ),
        "figure": ColumnSpec("count", "The figure the page gives."),
        "qualifier": ColumnSpec("choice", "How the page qualifies it.", values=TALLY_QUALIFIERS),
        "published": ColumnSpec(
            "date", "Date the page was published; empty when it gives none.", required=False
        ),
        "source": ColumnSpec("ref", "Source id of the page.", refers_to=("sources", "source_id")),
        "counts": ColumnSpec(
            "text", "What the figure counts, in our words (states, personnel, window)."
        ),
        "counts_same": ColumnSpec(
            "choice",
            "'yes' when the page counts what the article's words say the number counts.",
            values=YES_NO,
        ),
        "excerpt": ColumnSpec("text", "The page's passage that states the figure, verbatim."),
        "gloss": ColumnSpec(
            "text", "English gloss of the excerpt when the page is not in English.", required=False
        ),
        "note": ColumnSpec(
            "text", "What was searched; how the article's figure relates to it.", required=False
        ),
    },
    unique_together=(("claim", "role", "source"),),
)

TALLIES = TableSpec(
    name="tallies",
    unit="total published by someone else",
    columns={
        "tally_id": ColumnSpec("id", "Stable id of the tally."),
        "published": ColumnSpec(
            "date", "Date the tally was published; empty when the page gives none.", required=False
        ),
        "figure": ColumnSpec("count", "The total given."),
        "qualifier": ColumnSpec("choice", "How the total is qualified.", values=TALLY_QUALIFIERS),
        "direction": ColumnSpec(
            "choice", "Which way the counted expulsions run.", values=DIRECTIONS
        ),
        "episode": ColumnSpec("choice", "The episode the tally is about.", values=EPISODES),
        "window_start": ColumnSpec("date", "Start of the period it counts.", required=False),
        "window_end": ColumnSpec(
            "date", "End of the period it counts (usually its publication).", required=False
        ),
        "counts": ColumnSpec("text", "What it counts, in our words (states, personnel)."),
        "states": ColumnSpec(
            "states",
            "States on the other side of Russia that the tally counts, when it names them: "
            "codes joined by ';', or '*' for every state; empty when its set of states cannot "
            "be named (Europe, 'the West').",
            required=False,
        ),
        "source": ColumnSpec("ref", "Source id.", refers_to=("sources", "source_id")),
        "note": ColumnSpec("text", "Caveats.", required=False),
    },
)

QUOTES = TableSpec(
    name="quotes",
    unit="quotation, attribution or characterisation in the article, checked against the statement",
    columns={
        "quote_id": ColumnSpec("id", "Stable id of the quotation claim."),
        "kind": ColumnSpec("choice", "What the article asserts.", values=QUOTE_KINDS),
        "speaker_as_given": ColumnSpec("text", "Who the article says spoke, in its words."),
        "words": ColumnSpec("text", "The article's words, short."),
        "occasion": ColumnSpec("text", "The occasion the article implies."),
        "verdict": ColumnSpec(
            "choice", "How the article's words compare with the statement.", values=QUOTE_VERDICTS
        ),
        "speaker": ColumnSpec(
            "text", "Who said it, by name; required unless not_found.", required=False
        ),
        "office": ColumnSpec(
            "text", "The speaker's office then; required unless not_found.", required=False
        ),
        "said_on": ColumnSpec(
            "date", "When it was said; required unless not_found.", required=False
        ),
        "source": ColumnSpec(
            "ref",
            "Source of the passage; required unless not_found.",
            required=False,
            refers_to=("sources", "source_id"),
        ),
        "language": ColumnSpec("language", "Language of the passage as the page gives it."),
        "passage": ColumnSpec(
            "text",
            "The statement's words on the page, verbatim: a sentence at most; required unless "
            "not_found.",
            required=False,
        ),
        "gloss": ColumnSpec(
            "text",
            "English gloss of the passage; required when it is not in English.",
            required=False,
        ),
        "how": ColumnSpec("text", "Why this verdict, in our words (how the meaning shifted)."),
        "searched": ColumnSpec("text", "What was searched: languages, kinds of pages, queries."),
    },
)

COVERAGE = TableSpec(
    name="coverage",
    unit="state, episode and direction searched for expulsions (absence recorded)",
    columns={
        "state": ColumnSpec("state", "State (or EU) on the other side of Russia."),
        "episode": ColumnSpec("choice", "The episode searched.", values=EPISODES),
        "direction": ColumnSpec("choice", "Which way the expulsions run.", values=DIRECTIONS),
        "found": ColumnSpec(
            "choice",
            "'events' when events.csv has an event of this state, episode and direction; "
            "'none' when the search found none.",
            values=COVERAGE_FOUND,
        ),
        "searched": ColumnSpec(
            "text", "What was searched: languages, kinds of pages, queries ('see events')."
        ),
        "sources": ColumnSpec(
            "refs",
            "Sources that bear on the finding, joined by ';'.",
            required=False,
            refers_to=("sources", "source_id"),
        ),
        "note": ColumnSpec("text", "What was found, in our words."),
    },
    unique_together=(("state", "episode", "direction"),),
)

TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        SOURCES,
        EVENTS,
        RESPONSES,
        REPORTS,
        CLAIMS,
        READINGS,
        PROVENANCE,
        QUOTES,
        TALLIES,
        COVERAGE,
    )
}


_KIND_TEXT = {
    "id": "id (unique)",
    "ref": "id of a row elsewhere",
    "refs": "ids of rows elsewhere, joined by `;`",
    "text": "text",
    "date": "date YYYY-MM-DD",
    "count": "whole number ≥ 0",
    "state": "state code",
    "states": "`*` or codes joined by `;`",
    "language": "ISO 639-1",
    "url": "URL",
}


def table_markdown(spec: TableSpec) -> str:
    """The documentation of one table for data/README.md: its unit, one line per column
    (kind, required, meaning) and its unique column groups, all from the declaration.
    """
    lines = [
        f"### `{spec.filename}` — one row per {spec.unit}",
        "",
        "| column | kind | required | meaning |",
        "|---|---|---|---|",
    ]
    for name, column in spec.columns.items():
        kind = (
            "one of: " + ", ".join(f"`{v}`" for v in column.values)
            if column.kind == "choice"
            else _KIND_TEXT[column.kind]
        )
        required = "yes" if column.required else "no"
        lines.append(f"| `{name}` | {kind} | {required} | {column.doc} |")
    for group in spec.unique_together:
        lines += ["", f"Unique together: ({', '.join(group)})."]
    return "\n".join(lines)
