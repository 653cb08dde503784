"""What the data differ by from their state at a git revision, in a reviewer's terms
(``python -m analysis diff``).

The old tables are read with ``git show REV:data/X.csv`` into a temporary folder (git runs
locally: no network); optional columns added since are given to them empty
(``add_optional_columns``). Compared: events added, removed and changed field by field (raw
``events.csv`` rows, so that tables of an older schema still compare); when the old tables
load with today's loaders, the totals per episode and direction before and after and the
verdicts of the claims' readings that flipped (``claims.evaluate_readings``). Left out: the
figures whose picture changed.
"""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

from analysis import safeio
from analysis.claims import evaluate_readings
from analysis.errors import DataValidationError
from analysis.loaders import Dataset, data_folder, load_dataset
from analysis.package import CHANGELOG_NAME, ChangelogError, data_versions, tables_sha256
from analysis.schema import EPISODES, TABLES
from analysis.summary import totals_by_direction

#: What the comparison does not cover (said in its output).
LEFT_OUT = "figures whose picture changed are not compared"
#: In the text output, a changed cell is shown up to this many characters.
SHOWN = 70


class UnknownRevision(ValueError):
    """git knows no such revision, or there is no previous data version to compare with."""


class NotInRepository(Exception):
    """The data folder is not inside a git repository."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)


def repository(folder: Path) -> tuple[Path, str]:
    """The top folder of the git repository holding ``folder``, and ``folder`` relative to it
    (POSIX). Raises ``NotInRepository``."""
    found = _git(folder, "rev-parse", "--show-toplevel")
    if found.returncode != 0:
        raise NotInRepository(
            f"{folder}: not in a git repository (the diff command compares the tables with "
            "their state at a git revision)"
        )
    root = Path(found.stdout.decode().strip())
    return root, folder.resolve().relative_to(root.resolve()).as_posix()


def _table_paths(relative: str) -> list[str]:
    prefix = "" if relative == "." else f"{relative}/"
    return [f"{prefix}{spec.filename}" for spec in TABLES.values()]


def previous_version(root: Path, relative: str) -> str:
    """The default revision: HEAD when the tables differ from HEAD's, else the last commit
    before the newest one that changed the tables (the data version before the current)."""
    paths = _table_paths(relative)
    if _git(root, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
        raise UnknownRevision(f"{root}: no commit yet, so no previous data version")
    if _git(root, "diff", "--quiet", "HEAD", "--", *paths).returncode != 0:
        return "HEAD"
    changes = _git(root, "log", "--format=%H", "HEAD", "--", *paths).stdout.decode().split()
    if len(changes) < 2:
        raise UnknownRevision(
            f"{root}: the tables have one version only; name a revision to compare with"
        )
    return changes[1]


def resolve(root: Path, rev: str) -> str:
    """The full commit hash of ``rev``. Raises ``UnknownRevision``."""
    found = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    if found.returncode != 0 or rev.startswith("-"):
        raise UnknownRevision(f"{rev!r}: git knows no such revision in {root}")
    return found.stdout.decode().strip()


def export_tables(root: Path, relative: str, commit: str, into: Path) -> list[str]:
    """Write the tables as they are at ``commit`` into ``into``; return the missing ones."""
    missing = []
    for spec, path in zip(TABLES.values(), _table_paths(relative), strict=True):
        shown = _git(root, "show", f"{commit}:{path}")
        if shown.returncode != 0:
            missing.append(spec.filename)
            continue
        (into / spec.filename).write_bytes(shown.stdout)
    return missing


def add_optional_columns(folder: Path) -> list[str]:
    """Give the old tables in ``folder`` the optional columns today's schema added since
    (empty cells, in the schema's place), so that they load with today's loaders; return
    them as 'table.column'. A table whose columns differ otherwise is left as it is (and
    the loaders then say why it does not load).
    """
    added = []
    for spec in TABLES.values():
        path = folder / spec.filename
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        if not rows:
            continue
        header, wanted = rows[0], list(spec.columns)
        absent = [c for c in wanted if c not in header]
        if not absent or any(spec.columns[c].required for c in absent):
            continue
        if [c for c in wanted if c in header] != header:
            continue
        positions = {c: header.index(c) for c in header}
        upgraded = [
            [row[positions[c]] if c in positions else "" for c in wanted]
            if len(row) == len(header)
            else row
            for row in rows[1:]
        ]
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows([wanted, *upgraded])
        added += [f"{spec.name}.{c}" for c in absent]
    return added


def raw_events(folder: Path) -> tuple[list[str], dict[str, dict[str, str]]]:
    """The columns and the rows (by event id) of ``events.csv`` as text; none if missing."""
    path = folder / TABLES["events"].filename
    if not path.is_file():
        return [], {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = {row["event_id"]: row for row in reader if row.get("event_id")}
        return list(reader.fieldnames or []), rows


def event_changes(old: Path, new: Path) -> dict[str, object]:
    """Events added, removed, and changed field by field (the columns both tables have)."""
    old_columns, old_rows = raw_events(old)
    new_columns, new_rows = raw_events(new)
    common = [c for c in new_columns if c in old_columns and c != "event_id"]
    changed = []
    for event_id in sorted(old_rows.keys() & new_rows.keys()):
        before, after = old_rows[event_id], new_rows[event_id]
        fields = {
            column: {"old": before[column], "new": after[column]}
            for column in common
            if before[column] != after[column]
        }
        if fields:
            changed.append({"event_id": event_id, "fields": fields})
    return {
        "added": [new_rows[i] for i in sorted(new_rows.keys() - old_rows.keys())],
        "removed": [old_rows[i] for i in sorted(old_rows.keys() - new_rows.keys())],
        "changed": changed,
        "columns_added": [c for c in new_columns if c not in old_columns],
        "columns_removed": [c for c in old_columns if c not in new_columns],
    }


def _number(value: object) -> int | float:
    number = float(value)  # type: ignore[arg-type]
    return int(number) if number.is_integer() else number


def totals(data: Dataset) -> dict[tuple[str, str], dict[str, int | float]]:
    """Events and persons per (episode, direction): ``summary.totals_by_direction``."""
    result = {}
    present = set(data.events["episode"])
    for episode in (name for name in EPISODES if name in present):
        view = data.episode(episode)
        table = totals_by_direction(view.events, view.reports)
        for direction, row in table.iterrows():
            result[(episode, str(direction))] = {k: _number(v) for k, v in row.items()}
    return result


def verdicts(data: Dataset) -> dict[str, dict[str, str]]:
    """The verdict of every reading (``claims.evaluate_readings``), by reading id."""
    table = evaluate_readings(data.claims, data.readings, data.events)
    return {
        row.reading_id: {"claim_id": row.claim_id, "verdict": str(row.verdict)}
        for row in table.itertuples()
    }


def _version_of(sha256: str, changelog: Path) -> str | None:
    try:
        versions = data_versions(changelog)
    except (OSError, ChangelogError):
        return None
    return next((v.version for v in versions if v.sha256 == sha256), None)


def diff_versions(rev: str | None = None, data_dir: str | Path | None = None) -> dict:
    """What the tables in ``data_dir`` differ by from their state at git revision ``rev``
    (default: ``previous_version``), as plain data (the JSON of ``diff --format json``)."""
    folder = data_folder(data_dir)
    root, relative = repository(folder)
    commit = resolve(root, rev if rev is not None else previous_version(root, relative))
    rev = rev if rev is not None else "the previous data version"
    new = load_dataset(folder)
    new_hash = tables_sha256(folder)
    changelog = folder / CHANGELOG_NAME
    with safeio.scratch_folder("diff") as scratch:
        old_folder = scratch
        missing = export_tables(root, relative, commit, old_folder)
        old_hash = tables_sha256(old_folder)
        upgraded = add_optional_columns(old_folder)
        note = None
        old: Dataset | None = None
        if missing:
            note = f"missing at {commit[:7]}: {', '.join(missing)}"
        else:
            try:
                old = load_dataset(old_folder)
            except DataValidationError as exc:
                note = str(exc).splitlines()[0] if str(exc) else "invalid"
        if old is None:
            note = (
                f"the tables at {rev} do not load with today's loaders (the schema or the "
                f"rules changed; {note}): only the raw events.csv rows are compared"
            )
        elif upgraded:
            note = (
                f"the tables at {rev} lack columns added since, read as empty: "
                f"{', '.join(upgraded)}"
            )
        events = event_changes(old_folder, folder)
    result: dict[str, object] = {
        "old": {
            "revision": rev,
            "commit": commit,
            "version": _version_of(old_hash, changelog),
            "tables_sha256": old_hash,
            "loads": old is not None,
        },
        "new": {
            "revision": "working tree",
            "version": _version_of(new_hash, changelog),
            "tables_sha256": new_hash,
        },
        "note": note,
        "events": events,
        "totals": None,
        "verdicts": None,
        "left_out": LEFT_OUT,
    }
    if old is not None:
        before, after = totals(old), totals(new)
        result["totals"] = [
            {"episode": e, "direction": d, "old": before.get((e, d)), "new": after.get((e, d))}
            for e, d in sorted(before.keys() | after.keys())
        ]
        was, now = verdicts(old), verdicts(new)
        result["verdicts"] = {
            "flipped": [
                {
                    "reading_id": reading,
                    "claim_id": now[reading]["claim_id"],
                    "old": was[reading]["verdict"],
                    "new": now[reading]["verdict"],
                }
                for reading in sorted(was.keys() & now.keys())
                if was[reading]["verdict"] != now[reading]["verdict"]
            ],
            "readings_added": sorted(now.keys() - was.keys()),
            "readings_removed": sorted(was.keys() - now.keys()),
        }
    return result


def _short(value: str) -> str:
    value = value or "(empty)"
    return value if len(value) <= SHOWN else value[: SHOWN - 1] + "…"


def _event_line(sign: str, row: dict[str, str]) -> str:
    persons = row.get("persons") or "?"
    return (
        f"  {sign} {row['event_id']}: {persons} persons ({row.get('qualifier', '?')}), "
        f"{row.get('episode', '?')}"
    )


def diff_text(changes: dict) -> str:
    """The plain-text form of ``diff_versions``."""
    old, new, events = changes["old"], changes["new"], changes["events"]
    lines = [
        f"Data at {old['revision']} ({old['commit'][:7]}, version {old['version'] or 'unrecorded'})"
        f" -> {new['revision']} (version {new['version'] or 'unrecorded'})"
    ]
    if changes["note"]:
        lines.append(f"Note: {changes['note']}")
    if old["tables_sha256"] == new["tables_sha256"]:
        lines.append("The tables are the same.")
    lines.append(
        f"Events: {len(events['added'])} added, {len(events['removed'])} removed, "
        f"{len(events['changed'])} changed"
    )
    for column in events["columns_added"]:
        lines.append(f"  column added: {column}")
    for column in events["columns_removed"]:
        lines.append(f"  column removed: {column}")
    lines += [_event_line("+", row) for row in events["added"]]
    lines += [_event_line("-", row) for row in events["removed"]]
    for change in events["changed"]:
        lines.append(f"  ~ {change['event_id']}:")
        lines += [
            f"      {column}: {_short(cells['old'])} -> {_short(cells['new'])}"
            for column, cells in change["fields"].items()
        ]
    if changes["totals"] is not None:
        lines.append("Totals (events; persons: adopted figures, unknown as 0; low-high: reports)")
        for row in changes["totals"]:
            lines.append(f"  {row['episode']} {row['direction']}: {_totals(row)}")
    if changes["verdicts"] is not None:
        flipped = changes["verdicts"]["flipped"]
        lines.append(f"Claim verdicts flipped: {len(flipped) or 'none'}")
        lines += [
            f"  {f['reading_id']} (claim {f['claim_id']}): {f['old']} -> {f['new']}"
            for f in flipped
        ]
        for key in ("readings_added", "readings_removed"):
            if changes["verdicts"][key]:
                label = key.replace("_", " ")
                lines.append(f"  {label}: {', '.join(changes['verdicts'][key])}")
    lines.append(f"Left out: {changes['left_out']}.")
    return "\n".join(lines)


def _totals(row: dict) -> str:
    before, after = row["old"] or {}, row["new"] or {}
    parts = []
    for key in ("events", "persons", "low", "high"):
        was, now = before.get(key, "-"), after.get(key, "-")
        parts.append(f"{key} {now}" if was == now else f"{key} {was} -> {now}")
    return ", ".join(parts)


_ENTRY = re.compile(r"^## (?P<version>\d+\.\d+\.\d+) — (?P<date>\d{4}-\d{2}-\d{2})$", re.M)
_COMMIT = re.compile(r"^Commit: `?(?P<commit>[0-9a-f]{7,40})`?$", re.M)


def changelog_entries(changelog: Path) -> list[dict[str, str | None]]:
    """Every entry of the changelog, newest first: version, date, the commit it names
    (None when it names none) and its text (Markdown, the heading left out)."""
    text = changelog.read_text(encoding="utf-8")
    headings = list(_ENTRY.finditer(text))
    entries = []
    for heading, after in zip(headings, [*headings[1:], None], strict=True):
        body = text[heading.end() : after.start() if after else len(text)].strip()
        found = _COMMIT.search(body)
        entries.append(
            {
                "version": heading["version"],
                "date": heading["date"],
                "commit": found["commit"] if found else None,
                "text": body,
            }
        )
    return entries


def history(data_dir: str | Path | None = None) -> list[dict]:
    """For each data version of the changelog, newest first, what it changed from the one
    before: the same comparison as ``diff_versions`` (events added, removed and changed;
    totals per episode and direction before and after; the readings whose verdict flipped),
    each version's tables read once from the commit its entry names (the working tree for
    the newest entry when it names no commit git knows and the tables match it). A version
    whose tables are not to be had, or do not load with today's loaders, is compared on its
    raw events only (``note`` says why); the oldest is compared with nothing. Raises
    ``NotInRepository`` outside git and ``OSError``/``ChangelogError`` when the changelog
    cannot be read.
    """
    folder = data_folder(data_dir)
    root, relative = repository(folder)
    entries = changelog_entries(folder / CHANGELOG_NAME)
    recorded = {v.version: v.sha256 for v in data_versions(folder / CHANGELOG_NAME)}
    with safeio.scratch_folder("history") as scratch:
        states: list[dict] = []
        for number, entry in enumerate(entries):
            place = Path(scratch) / str(number)
            place.mkdir()
            note = None
            commit = None
            if entry["commit"] is not None:
                found = _git(
                    root, "rev-parse", "--verify", "--quiet", f"{entry['commit']}^{{commit}}"
                )
                commit = found.stdout.decode().strip() if found.returncode == 0 else None
            absent: list[str] = []
            if commit is not None:
                absent = export_tables(root, relative, commit, place)
            elif number == 0 and tables_sha256(folder) == recorded[entry["version"]]:
                for spec in TABLES.values():
                    if (folder / spec.filename).is_file():
                        (place / spec.filename).write_bytes((folder / spec.filename).read_bytes())
            else:
                note = f"the entry names no commit git knows ({entry['commit'] or 'none'})"
            if note is None and tables_sha256(place) != recorded[entry["version"]]:
                note = "the tables at its commit differ from the hash the entry records"
            add_optional_columns(place)
            for name in absent:
                spec = next(t for t in TABLES.values() if t.filename == name)
                (place / name).write_text(",".join(spec.columns) + "\n", encoding="utf-8")
            data: Dataset | None = None
            if note is None:
                try:
                    data = load_dataset(place)
                except DataValidationError as exc:
                    lines = str(exc).splitlines() or ["invalid"]
                    first = lines[-1 if len(lines) < 2 else 1].strip(" -")
                    first = first.replace(f"{place}/", "")
                    more = f", and {len(lines) - 2} more" if len(lines) > 2 else ""
                    note = f"its tables do not load with today's loaders ({first}{more})"
            if absent and note is None:
                note = f"tables that did not exist yet, read as empty: {', '.join(absent)}"
            states.append(
                {
                    "entry": entry,
                    "folder": place,
                    "note": note,
                    "commit": commit,
                    "totals": totals(data) if data is not None else None,
                    "verdicts": verdicts(data) if data is not None else None,
                }
            )
        result = []
        for number, state in enumerate(states):
            before = states[number + 1] if number + 1 < len(states) else None
            item: dict[str, object] = {
                "version": state["entry"]["version"],
                "date": state["entry"]["date"],
                "commit": state["commit"],
                "text": state["entry"]["text"],
                "note": state["note"],
                "previous": before["entry"]["version"] if before else None,
                "events": None,
                "totals": None,
                "verdicts": None,
            }
            if before is not None:
                item["events"] = event_changes(before["folder"], state["folder"])
                if before["totals"] is not None and state["totals"] is not None:
                    was, now = before["totals"], state["totals"]
                    item["totals"] = [
                        {
                            "episode": e,
                            "direction": d,
                            "old": was.get((e, d)),
                            "new": now.get((e, d)),
                        }
                        for e, d in sorted(was.keys() | now.keys())
                    ]
                    old_v, new_v = before["verdicts"], state["verdicts"]
                    item["verdicts"] = {
                        "flipped": [
                            {
                                "reading_id": r,
                                "claim_id": new_v[r]["claim_id"],
                                "old": old_v[r]["verdict"],
                                "new": new_v[r]["verdict"],
                            }
                            for r in sorted(old_v.keys() & new_v.keys())
                            if old_v[r]["verdict"] != new_v[r]["verdict"]
                        ],
                        "readings_added": sorted(new_v.keys() - old_v.keys()),
                        "readings_removed": sorted(old_v.keys() - new_v.keys()),
                    }
            result.append(item)
    return result
