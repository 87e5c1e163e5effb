"""`make bench`, imports: 30,000 LinkedIn connections and 30,000 vCards into an empty workspace.

Both files come from our own seeded generator (the same seed gives the same bytes), in
a temporary folder. Each is imported the way `coffeechat import` runs it: read the
bytes, parse, `import_people` in one transaction, then the ANALYZE the CLI runs after
a large import; then imported again, which should create nobody.

The baseline, in the same run: Python's `sqlite3` module inserts the same parsed rows
into the same tables of another copy of the same empty database, with `executemany`,
in one transaction, with the pragmas coffeechat's connections use. Its clock runs from
BEGIN to COMMIT: organizations, tags, people (with every column the ORM fills, their
organization and tag ids looked up) and person-tag rows. The parsing and the shaping of
the rows (seniority guesses included) happen before it starts; the figure is the median
of three runs, each on a fresh copy. Both databases must then hold the same rows, or
the run is broken: the ratio only means something if the work is equal.

SQLite only, whatever DATABASE_URL says: the baseline is SQLite's own floor.
`python -m bench.imports` runs just this part; `make bench` runs it after the pages.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unicodedata
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
ROWS = 30_000
COMPANIES = 3_000
TARGET_SECONDS = 15.0
TARGET_RATIO = 4.0
BASELINE_RUNS = 3
TABLES = ("network_organization", "network_tag", "network_person", "network_person_tags")


class ImportBenchError(RuntimeError):
    """The import benchmark is broken (the two databases differ), as opposed to slow."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the files -------------------------------------------------------------------------

# A few names with accents and hyphens, as a real network has; the importer folds
# accents when it matches by name.
MORE_FIRST_NAMES = ("José", "Zoë", "Łukasz", "Søren", "Chloé", "Björn", "Aoife", "Siobhán")
MORE_LAST_NAMES = ("Núñez", "Müller", "Ó Briain", "Ferreira-Lund", "Okonkwo-Vasquez", "Çelik")
PERSONAL_DOMAINS = ("gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com")
NOTES = (
    "Met at the alumni mixer; ask about their move into {title}.",
    "Introduced by a former colleague, knows the hiring manager at {company}.",
    "Coffee in March, talked about career changes, open to a follow-up.",
    "Gave a talk on data pipelines, great speaker, wants to stay in touch.\nSend the article.",
    "Volunteer at the climate meetup, works on procurement at {company}.",
)


def _ascii(value: str) -> str:
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())


def _companies(rng: random.Random) -> list[str]:
    from bench.workspace import ORG_FIRST, ORG_SECOND, ORG_SUFFIX

    combos = [(a, b, s) for a in ORG_FIRST for b in ORG_SECOND for s in ORG_SUFFIX]
    chosen = rng.sample(combos, COMPANIES)
    names = []
    for first, second, suffix in chosen:
        if not suffix:
            names.append(f"{first} {second}")
        elif suffix == "Inc" and rng.random() < 0.5:
            names.append(f"{first} {second}, Inc.")  # a comma: quoted in the CSV
        else:
            names.append(f"{first} {second} {suffix}")
    return names


def people(seed: str, count: int) -> list[dict]:
    """`count` made-up connections, each (name, company) unique so the importer's
    match by name never merges two of them: created must equal rows."""
    from bench.workspace import FIRST_NAMES, LAST_NAMES, TAGS, TITLES
    from coffeechat.exchange.importing import normalize_name

    rng = random.Random(seed)
    firsts = list(FIRST_NAMES) + list(MORE_FIRST_NAMES)
    lasts = list(LAST_NAMES) + list(MORE_LAST_NAMES)
    companies = _companies(rng)
    # Every company at least once, then a long tail: a few employers hold many people.
    weights = [1 / (rank + 5) for rank in range(len(companies))]
    picks = companies + rng.choices(companies, weights, k=max(0, count - len(companies)))
    rng.shuffle(picks)
    taken: set[tuple[str, str]] = set()
    urls: set[str] = set()
    start = date(2008, 1, 1)
    span = (date(2025, 12, 31) - start).days
    result = []
    for n in range(count):
        company = picks[n % len(picks)] if rng.random() > 0.03 else ""
        while True:
            first, last = rng.choice(firsts), rng.choice(lasts)
            key = (normalize_name(f"{first} {last}"), normalize_name(company))
            if key not in taken:
                taken.add(key)
                break
        while True:
            url = f"https://www.linkedin.com/in/{_ascii(first)}-{_ascii(last)}-{rng.getrandbits(32):08x}"
            if url not in urls:
                urls.add(url)
                break
        title = rng.choice(TITLES)
        if company and rng.random() < 0.5:
            domain = _ascii(company.split(",")[0])[:20] + ".example.com"
        else:
            domain = rng.choice(PERSONAL_DOMAINS)
        note = ""
        if rng.random() < 0.15:
            note = rng.choice(NOTES).format(title=title or "a new role", company=company or "")
        result.append(
            {
                "first": first,
                "last": last,
                "company": company,
                "title": title,
                "url": url,
                # The counter makes every address unique, as real ones are.
                "email": f"{_ascii(first)}.{_ascii(last)}{n}@{domain}",
                "phone": f"+1-{rng.randint(201, 989)}-555-{rng.randint(0, 9999):04d}",
                "connected": start + timedelta(days=rng.randrange(span)),
                "tags": rng.sample(TAGS, rng.choice((1, 1, 2, 3))) if rng.random() < 0.25 else [],
                "note": note,
                "r": rng.random(),  # decides which optional fields a record shows
            }
        )
    return result


LINKEDIN_PREAMBLE = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\r\n'
    "\r\n"
)


def write_linkedin(path: Path, records: list[dict]) -> None:
    """LinkedIn's Connections.csv: notes preamble, CRLF, a BOM; most emails hidden."""
    import csv
    import io

    out = io.StringIO()
    out.write("\ufeff" + LINKEDIN_PREAMBLE)
    writer = csv.writer(out)  # excel dialect: CRLF, quotes only where needed
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    for p in records:
        writer.writerow(
            [
                p["first"],
                p["last"],
                p["url"],
                p["email"] if p["r"] < 0.4 else "",
                p["company"],
                p["title"],
                p["connected"].strftime("%d %b %Y"),
            ]
        )
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 6350 line folding: at most 75 characters a line, continued after a space."""
    if len(line) <= 75:
        return line + "\r\n"
    parts = [line[:75]] + [line[i : i + 74] for i in range(75, len(line), 74)]
    return "\r\n ".join(parts) + "\r\n"


def write_vcard(path: Path, records: list[dict]) -> None:
    """One vCard 4.0 file, as a phone or a mail client exports its address book."""
    lines = []
    for p in records:
        r = p["r"]
        card = [
            "BEGIN:VCARD",
            "VERSION:4.0",
            f"FN:{_escape(p['first'] + ' ' + p['last'])}",
            f"N:{_escape(p['last'])};{_escape(p['first'])};;;",
        ]
        if r < 0.8:
            card.append(f"EMAIL;TYPE=work:{p['email']}")
        if r > 0.3:
            card.append(f"TEL;VALUE=uri;TYPE=cell:tel:{p['phone']}")
        if p["company"]:
            card.append(f"ORG:{_escape(p['company'])}")
        if p["title"]:
            card.append(f"TITLE:{_escape(p['title'])}")
        if r < 0.85:
            card.append(f"URL:{p['url']}")
        if p["tags"]:
            card.append("CATEGORIES:" + ",".join(_escape(t) for t in p["tags"]))
        if p["note"]:
            card.append(f"NOTE:{_escape(p['note'])}")
        card.append("END:VCARD")
        lines.extend(_fold(line) for line in card)
    path.write_text("".join(lines), encoding="utf-8", newline="")


# --- child: time each file on fresh copies of one empty database -----------------------


def _use_database(empty: Path, path: Path) -> None:
    """Point Django at a fresh copy of the empty, migrated database."""
    from django.db import connection

    connection.close()
    shutil.copyfile(empty, path)
    connection.settings_dict["NAME"] = str(path)


def _counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as db:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def _digest(path: Path) -> str:
    """What a user would see of the imported people, ids and clocks left out."""
    people = """
        SELECT p.name, p.email, p.phone, p.linkedin_url, p.title, p.seniority,
               p.seniority_confirmed, p.how_met, p.notes, p.is_mentor, p.keep_in_touch,
               p.keep_in_touch_days, p.last_contacted_at, p.keep_in_touch_due_at,
               p.first_degree_since, p.introduced_by_id, o.name, o.website, o.notes
        FROM network_person p LEFT JOIN network_organization o ON o.id = p.organization_id
        ORDER BY 1, 2, 4, 17
    """
    tags = """
        SELECT p.name, p.email, p.linkedin_url, o.name, t.name
        FROM network_person_tags pt
        JOIN network_person p ON p.id = pt.person_id
        JOIN network_tag t ON t.id = pt.tag_id
        LEFT JOIN network_organization o ON o.id = p.organization_id
        ORDER BY 1, 2, 3, 4, 5
    """
    digest = hashlib.sha256()
    with closing(sqlite3.connect(path)) as db:
        for query in (people, tags, "SELECT name FROM network_organization ORDER BY 1"):
            for row in db.execute(query):
                digest.update(repr(row).encode())
    return digest.hexdigest()


def time_import(kind: str, path: Path, actor) -> dict:
    """The user-visible import, as `coffeechat import KIND PATH` runs it."""
    from coffeechat.db import refresh_statistics
    from coffeechat.exchange.importing import import_people
    from coffeechat.exchange.parsing import READERS

    clock = time.perf_counter
    started = clock()
    parsed = READERS[kind](path.read_bytes())
    parsed_at = clock()
    summary = import_people(actor=actor, parsed=parsed)
    committed_at = clock()
    # The CLI's rule, in cli/importing.py: refresh the planner's statistics after a big import.
    if summary.committed and summary.created > 1000:
        refresh_statistics()
    finished = clock()
    return {
        "seconds": finished - started,
        "parse_seconds": parsed_at - started,
        "commit_seconds": committed_at - parsed_at,
        "analyze_seconds": finished - committed_at,
        "rows": len(parsed.rows),
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "rejected": summary.rejected,
    }


def _baseline_rows(parsed, now: str) -> tuple[list, list, list]:
    """The rows the importer would write, shaped for executemany (not timed)."""
    from coffeechat.domain.seniority import guess_seniority

    organizations: dict[str, str] = {}
    for row in parsed.rows:
        if row.organization:
            organizations.setdefault(row.organization.lower(), row.organization)
    tags = sorted({t.lower()[:50] for row in parsed.rows for t in row.tags})
    people = [
        (
            row.name,
            row.email,
            row.phone,
            row.linkedin_url,
            row.title,
            str(guess_seniority(row.title)),
            row.notes,
            row.first_degree_since.isoformat() if row.first_degree_since else None,
            now,
            now,
            row.organization.lower(),
            sorted({t.lower() for t in row.tags}),
        )
        for row in parsed.rows
    ]
    return list(organizations.values()), tags, people


def time_baseline(parsed, path: Path, owner_id: int) -> dict:
    """The same rows through Python's sqlite3 module: executemany, one transaction."""
    from django.utils import timezone

    # Stored as Django stores an aware datetime on SQLite: naive UTC, as text.
    now = str(timezone.now().replace(tzinfo=None))
    organizations, tags, people = _baseline_rows(parsed, now)
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        seconds = _insert(db, organizations, tags, people, owner_id, now)
    return {"seconds": seconds, "rows": len(people)}


def _insert(db, organizations, tags, people, owner_id: int, now: str) -> float:
    # The pragmas of coffeechat's own connections (settings.py), so only the code differs.
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "mmap_size=0", "foreign_keys=ON"):
        db.execute(f"PRAGMA {pragma}")
    clock = time.perf_counter
    started = clock()
    db.execute("BEGIN IMMEDIATE")
    db.executemany(
        "INSERT INTO network_organization (owner_id, name, website, notes, created_at) "
        "VALUES (?, ?, '', '', ?)",
        [(owner_id, name, now) for name in organizations],
    )
    organization_ids = {
        name.lower(): pk
        for pk, name in db.execute(
            "SELECT id, name FROM network_organization WHERE owner_id = ?", (owner_id,)
        )
    }
    db.executemany(
        "INSERT INTO network_tag (owner_id, name) VALUES (?, ?)", [(owner_id, t) for t in tags]
    )
    tag_ids = dict(
        db.execute("SELECT lower(name), id FROM network_tag WHERE owner_id = ?", (owner_id,))
    )
    db.executemany(
        "INSERT INTO network_person (owner_id, name, email, phone, linkedin_url, title, "
        "seniority, seniority_confirmed, how_met, notes, is_mentor, keep_in_touch, "
        "do_not_ask, time_zone, working_hours, schools, employers, "
        "first_degree_since, created_at, updated_at, organization_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 0, '', ?, 0, 0, 0, '', '', '', '', ?, ?, ?, ?)",
        [(owner_id, *p[:10], organization_ids.get(p[10])) for p in people],
    )
    person_ids = [
        pk
        for (pk,) in db.execute(
            "SELECT id FROM network_person WHERE owner_id = ? ORDER BY id", (owner_id,)
        )
    ]
    db.executemany(
        "INSERT OR IGNORE INTO network_person_tags (person_id, tag_id) VALUES (?, ?)",
        [(pk, tag_ids[t]) for pk, p in zip(person_ids, people, strict=True) for t in p[11]],
    )
    db.execute("COMMIT")
    return clock() - started


def run_child(*, seed: int, rows: int, workdir: Path) -> dict:
    """Generate both files, then time each import beside its baseline. Needs Django set up
    with COFFEECHAT_HOME in `workdir`."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from bench.workspace import PASSWORD, USERNAME
    from coffeechat.accounts.services import user_create
    from coffeechat.exchange.parsing import READERS

    clock = time.perf_counter
    started = clock()
    call_command("migrate", verbosity=0)
    user_create(username=USERNAME, password=PASSWORD)
    connection.close()
    empty = workdir / "empty.sqlite3"
    # Through the backup API, so whatever is still in the WAL file comes along.
    with closing(sqlite3.connect(connection.settings_dict["NAME"])) as source:
        with closing(sqlite3.connect(empty)) as copy:
            source.backup(copy)
    log(f"  [imports] {clock() - started:6.1f}s  migrated the empty database")

    files = {
        "linkedin": (workdir / "Connections.csv", write_linkedin, "LinkedIn CSV"),
        "vcard": (workdir / "contacts.vcf", write_vcard, "vCard 4.0"),
    }
    results = []
    load = [os.getloadavg()[0]]
    for kind, (path, write, label) in files.items():
        records = people(f"{seed}-{kind}", rows)
        write(path, records)
        log(
            f"  [imports] {clock() - started:6.1f}s  wrote {path.name}: {rows:,} records, "
            f"{path.stat().st_size / 1e6:.1f} MB"
        )

        # The baseline first: its parse is not timed, and it warms the file cache for both.
        # It is short, so the median of a few runs on fresh copies steadies the ratio.
        parsed = READERS[kind](path.read_bytes())
        _use_database(empty, workdir / f"{kind}-import.sqlite3")
        actor = get_user_model().objects.get(username=USERNAME)
        baselines = []
        for _ in range(BASELINE_RUNS):
            baseline_db = workdir / f"{kind}-baseline.sqlite3"
            shutil.copyfile(empty, baseline_db)
            baselines.append(time_baseline(parsed, baseline_db, actor.pk))
        baseline = sorted(baselines, key=lambda b: b["seconds"])[len(baselines) // 2]
        baseline["runs"] = [round(b["seconds"], 3) for b in baselines]
        log(f"  [imports] {clock() - started:6.1f}s  {kind} baseline: {baseline['seconds']:.2f}s")

        first = time_import(kind, path, actor)
        load.append(os.getloadavg()[0])
        log(f"  [imports] {clock() - started:6.1f}s  {kind} import: {first['seconds']:.2f}s")
        again = time_import(kind, path, actor)
        load.append(os.getloadavg()[0])
        log(f"  [imports] {clock() - started:6.1f}s  {kind} re-import: {again['seconds']:.2f}s")
        connection.close()

        imported_db = Path(connection.settings_dict["NAME"])
        counts = _counts(imported_db)
        if counts != _counts(baseline_db) or _digest(imported_db) != _digest(baseline_db):
            raise ImportBenchError(
                f"{kind}: the baseline wrote different rows from the import "
                f"({_counts(baseline_db)} against {counts}); the ratio would mean nothing"
            )
        if first["created"] != rows or first["rejected"] or again["created"]:
            raise ImportBenchError(
                f"{kind}: expected {rows:,} created, none rejected, none created again; "
                f"got {first['created']:,} created, {first['rejected']} rejected, "
                f"{again['created']} created on the re-import"
            )
        results.append(
            {
                "file": kind,
                "label": label,
                "mb": round(path.stat().st_size / 1e6, 1),
                "rows": rows,
                "counts": counts,
                "import": first,
                "reimport": again,
                "baseline": baseline,
                "ratio": first["seconds"] / baseline["seconds"],
            }
        )
    return {
        "database": f"SQLite {sqlite3.sqlite_version}",
        "seed": seed,
        "companies": COMPANIES,
        "max_load": max(load),
        "files": results,
    }


# --- parent: a child on a fresh temporary home, then the report ------------------------


def run(*, seed: int, rows: int = ROWS, keep: bool = False) -> dict:
    """Run the import benchmark in a child process of its own, on SQLite."""
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env["COFFEECHAT_ENV"] = "local"
    env["COFFEECHAT_DEBUG"] = "0"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_DIR), env.get("PYTHONPATH")]))
    workdir = Path(tempfile.mkdtemp(prefix="coffeechat-bench-imports-"))
    env["COFFEECHAT_HOME"] = str(workdir / "home")
    result_path = workdir / "result.json"
    try:
        command = [sys.executable, "-m", "bench.imports", "--child", "--seed", str(seed)]
        command += ["--rows", str(rows), "--workdir", str(workdir)]
        command += ["--result-file", str(result_path)]
        completed = subprocess.run(command, env=env, cwd=PROJECT_DIR, check=False)
        if completed.returncode != 0:
            raise ImportBenchError(f"the import run failed (exit {completed.returncode})")
        return json.loads(result_path.read_text())
    finally:
        if keep:
            log(f"kept the import files and databases: folder {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def verdicts(item: dict) -> tuple[bool, bool]:
    return (
        item["import"]["seconds"] < TARGET_SECONDS,
        item["ratio"] <= TARGET_RATIO,
    )


def report(result: dict) -> str:
    lines = [
        f"Imports into an empty workspace ({result['database']}, {os.cpu_count()} cores; "
        "one import, the baseline's median of three)",
        "  import = read + parse + commit (import_people, then ANALYZE), as `coffeechat import`",
        "  baseline = sqlite3 executemany of the same parsed rows, same tables, one transaction",
        "",
    ]
    header = (
        f"{'file':<18} {'rows':>7} {'MB':>5} {'parse s':>8} {'commit s':>9} {'import s':>9} "
        f"{'baseline s':>11} {'ratio':>6} {'commit x':>9} {'re-import s':>12}"
    )
    lines += [header, "-" * len(header)]
    for item in result["files"]:
        first = item["import"]
        commit = first["commit_seconds"] + first["analyze_seconds"]
        baseline = item["baseline"]["seconds"]
        lines.append(
            f"{item['label']:<18} {item['rows']:>7,} {item['mb']:>5.1f} "
            f"{first['parse_seconds']:>8.2f} {commit:>9.2f} {first['seconds']:>9.2f} "
            f"{baseline:>11.2f} {item['ratio']:>6.1f} {commit / baseline:>9.1f} "
            f"{item['reimport']['seconds']:>12.2f}"
        )
    lines.append("")
    cores = os.cpu_count() or 1
    if result["max_load"] > 0.75 * cores:
        lines.append(
            f"warning: load average reached {result['max_load']:.1f} on {cores} cores while "
            "timing the imports: other work was running, the figures are inflated"
        )
    parts = []
    for item in result["files"]:
        fast, close = verdicts(item)
        parts.append(
            f"{item['file']} {'PASS' if fast and close else 'MISS'} "
            f"({item['import']['seconds']:.1f} s{'' if fast else ' MISS'}, "
            f"{item['ratio']:.1f}x{'' if close else ' MISS'})"
        )
    lines.append(
        f"targets, import < {TARGET_SECONDS:.0f} s and <= {TARGET_RATIO:.0f}x baseline: "
        + ", ".join(parts)
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.imports",
        description="Time a 30,000-row LinkedIn import and a 30,000-card vCard import.",
    )
    parser.add_argument("--seed", type=int, default=2026, help="seed of the file generator")
    parser.add_argument("--rows", type=int, default=ROWS, help=f"records a file ({ROWS:,})")
    parser.add_argument("--keep", action="store_true", help="keep the files and databases")
    parser.add_argument("--json-out", type=Path, help="also write the results as JSON here")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rows < COMPANIES:
        parser.error(f"--rows must be at least {COMPANIES:,}, one a company")
    if args.child:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coffeechat.settings")
        import django

        django.setup()
        try:
            result = run_child(seed=args.seed, rows=args.rows, workdir=args.workdir)
        except ImportBenchError as error:
            print(error, file=sys.stderr)
            return 1
        args.result_file.write_text(json.dumps(result, indent=2, default=str))
        return 0
    try:
        result = run(seed=args.seed, rows=args.rows, keep=args.keep)
    except ImportBenchError as error:
        print(f"import benchmark broken: {error}", file=sys.stderr)
        return 1
    print(report(result))
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps({"imports": result}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
