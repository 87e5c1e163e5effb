"""The bench workspace's words: the network's names, and seeded prose where users write.

A search benchmark over a handful of fixed strings would measure a handful of posting
lists. These sentences draw on pools of fields, skills, tools, places and names (some
accented, as a real network has), so words range from common (a field shared by
thousands of notes) to rare (one surname in a few dozen), and the same accented word
appears in several sources. Kept free of Django imports: `plan` fills in the builder's
planned (unsaved) rows from an RNG of its own, so the same seed gives the same text.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import datetime

from coffeechat.domain.lifecycle import Stage

# --- the network's names ----------------------------------------------------------------

FIRST_NAMES = (
    "Aaliyah Abdul Ada Adele Aditi Ahmed Aiko Alejandro Alice Amara Amir Ana Andrei Anika "
    "Ayesha Ben Bianca Carlos Chen Chloe Daniel Dana Diego Elena Emeka Emma Farah Felix Fatima "
    "Gabriel Grace Hana Hiro Ibrahim Ines Isabel Jamal Jana Javier Jin Joao Jonas Julia Kai "
    "Kamala Karim Kenji Laila Lars Leila Liam Lucia Luis Maya Mei Mohammed Nadia Naomi Nia "
    "Nikhil Noah Olga Omar Oscar Priya Rafael Rania Ravi Rosa Sam Sara Sofia Tariq Tomas "
    "Uma Victor Wei Yara Yusuf Zara Zoe"
).split()
LAST_NAMES = (
    "Abbott Adeyemi Alvarez Andersen Bauer Becker Bianchi Brown Castillo Chen Cohen Costa "
    "Dang Davies Diaz Dubois Eriksson Evans Fernandez Fischer Garcia Gomez Gupta Haddad Hansen "
    "Hernandez Hoffmann Ivanova Jansen Johnson Kaur Khan Kim Kowalski Kumar Larsen Lee Lopez "
    "Martin Meyer Molina Moreau Murphy Nakamura Nguyen Novak Nowak Okafor Olsen Ortiz Park "
    "Patel Perez Petrov Popescu Quinn Ramirez Reddy Reyes Rossi Russo Sato Schmidt Schulz "
    "Shah Silva Singh Smith Sousa Suzuki Tanaka Taylor Thomas Torres Tran Wagner Walker Wang "
    "Weber Williams Wilson Wong Wright Yamamoto Yilmaz Young Zhang Zimmermann"
).split()
# Weighted toward mid-level titles, as a real network is; guess_seniority sorts them.
TITLES = (
    ["Software Engineer", "Product Manager", "Data Scientist", "Designer", "Consultant"] * 4
    + ["Accountant", "Nurse", "Teacher", "Editor", "Marketing Manager", "Recruiter"] * 2
    + ["Senior Software Engineer", "Senior Product Manager", "Staff Engineer", "Tech Lead"] * 2
    + ["Director of Engineering", "Head of Design", "Principal Scientist", "Architect"]
    + ["Analyst", "Associate", "Junior Developer", "Research Assistant", "Intern"] * 2
    + ["CEO", "CTO", "Founder", "Vice President, Sales", "Partner", "Managing Director"]
    + ["Professor", "Graduate Student", "Policy Fellow", ""]
)
ORG_FIRST = (
    "Acme Apex Atlas Aurora Beacon Blue Bright Cedar Clear Coral Crest Delta Ember Evergreen "
    "Falcon Granite Harbor Horizon Iron Juniper Keystone Lumen Maple Meridian North Nova Oak "
    "Orbit Pine Prism Quarry Red River Sage Silver Summit Terra True Vector Willow"
).split()
ORG_SECOND = (
    "Analytics Bio Capital Cloud Consulting Data Design Energy Foods Health Insight Learning "
    "Logistics Media Motion Networks Pharma Retail Robotics Security Software Studio Systems "
    "Transit Ventures Works"
).split()
ORG_SUFFIX = ("Inc", "Group", "Labs", "Partners", "Co", "Collective", "Foundation", "")
TAGS = (
    "alumni climate design fintech health mentor product recruiter remote research startup "
    "data engineering policy nonprofit marketing sales education public-sector ai"
).split()
HOW_MET = (
    "Alumni event",
    "Conference",
    "Former colleague",
    "Meetup",
    "Introduced by a friend",
    "LinkedIn",
    "University",
    "Volunteering",
)
SUMMARIES = (
    "Quick catch-up",
    "Sent an article they might like",
    "Congratulated them on the new role",
    "Asked about hiring on their team",
    "Shared notes from the conference",
    "Coffee, talked about career moves",
    "They recommended two people to talk to",
    "",
    "",
)
LINK_HOW = ("Worked together", "Same team", "Studied together", "Met at a conference", "")

# --- prose -------------------------------------------------------------------------------


FIELDS = (
    "climate policy",
    "data engineering",
    "public health",
    "supply chain",
    "machine learning",
    "urban planning",
    "renewable energy",
    "product design",
    "impact investing",
    "clinical research",
    "cybersecurity",
    "education technology",
    "biotech",
    "journalism",
    "museum curation",
    "nonprofit fundraising",
    "user research",
    "logistics",
    "robotics",
    "food systems",
    "venture capital",
    "human resources",
    "water management",
    "aerospace",
    "fashion retail",
    "game development",
    "insurance",
    "public libraries",
    "sports analytics",
    "translation",
    "semiconductors",
    "agriculture",
    "mental health",
    "open source",
    "architecture",
    "wildlife conservation",
)
SKILLS = (
    "stakeholder management",
    "negotiation",
    "grant writing",
    "SQL",
    "statistics",
    "public speaking",
    "technical writing",
    "budgeting",
    "forecasting",
    "people management",
    "prototyping",
    "copywriting",
    "mentoring",
    "Spanish",
    "German",
    "system design",
    "facilitation",
    "accessibility",
    "data visualisation",
    "project management",
    "community building",
    "Mandarin",
    "French",
    "contract law",
    "sales",
    "customer research",
    "product strategy",
    "hiring",
)
TOOLS = (
    "Python",
    "Tableau",
    "Figma",
    "Kubernetes",
    "Salesforce",
    "Excel",
    "dbt",
    "Snowflake",
    "Jira",
    "Airflow",
    "PostgreSQL",
    "Terraform",
    "Looker",
    "Notion",
    "Stata",
    "ArcGIS",
    "Power BI",
    "Rust",
    "Kafka",
    "Docker",
    "React",
    "Django",
    "SAP",
    "QGIS",
    "R",
    "MATLAB",
    "Blender",
    "Unity",
    "HubSpot",
    "Zendesk",
)
PLACES = (
    "Montréal",
    "São Paulo",
    "Zürich",
    "München",
    "Kraków",
    "Bogotá",
    "Reykjavík",
    "Berlin",
    "Lisbon",
    "Nairobi",
    "Toronto",
    "Québec",
    "Malmö",
    "Córdoba",
    "Lagos",
    "Seoul",
    "Oaxaca",
    "Düsseldorf",
    "Genève",
    "Brooklyn",
    "Medellín",
    "Asunción",
    "Lyon",
    "Göteborg",
    "Łódź",
    "Curitiba",
    "Chennai",
    "Accra",
    "Hà Nội",
    "Kyoto",
    "Tromsø",
    "Cádiz",
    "Graz",
    "Bergen",
    "Valparaíso",
    "Ottawa",
)
# Given to a share of the people (see rename) and named in notes.
ACCENTED_FIRST = (
    "José",
    "Zoë",
    "François",
    "Chloé",
    "Renée",
    "Björn",
    "Inés",
    "Léa",
    "André",
    "Mónica",
    "Raúl",
    "Hélène",
)
ACCENTED_LAST = (
    "Müller",
    "Núñez",
    "Çelik",
    "Gómez",
    "Sánchez",
    "Lefèvre",
    "Ångström",
    "Dvořák",
    "Schäfer",
    "Jiménez",
    "Peña",
    "Kühn",
)
PLAIN_FIRST = ("Maria", "David", "Aisha", "Tom", "Priya", "Kwame", "Lena", "Marco", "Yuki")
PLAIN_LAST = ("Okafor", "Lindqvist", "Brennan", "Castro", "Mehta", "Haas", "Ito", "Walsh")
TEAM_SIZES = ("4 people", "about 8", "a team of 12", "20 across two sites", "just two of us")
POOLS = {
    "field": FIELDS,
    "skill": SKILLS,
    "tool": TOOLS,
    "place": PLACES,
    "team": TEAM_SIZES,
}

INTERACTION = (
    "Coffee in {place}; talked about moving into {field} and which {tool} skills matter.",
    "Sent them an article on {field}; they replied with a tip about {skill}.",
    "Call about their team's move to {tool}; they want someone strong in {skill}.",
    "Caught up after the {field} meetup in {place}.",
    "{name} mentioned an opening in {field} and asked me to send my resume.",
    "Lunch near their office in {place}: they are hiring for {skill} and {tool}.",
    "Congratulated them on the new role in {field}.",
    "Shared my notes on {tool}; they suggested talking to {name} about {field}.",
    "They are speaking on {field} in {place} next month; said I would come.",
    "Asked for advice on learning {tool}; they recommended a course on {skill}.",
    "Video call: how {field} teams use {tool}, and what {skill} looks like day to day.",
    "Met {name} through them at a {field} workshop in {place}.",
    "Long walk in {place}; they left {field} for {field2} and do not regret it.",
    "Saw their post about {tool}; sent a short note and a question about {skill}.",
    "Phone call while they were in {place}; they offered to review my portfolio.",
    "They introduced me to {name}, who runs the {field} group at {org}.",
    "Sent a thank-you card after the {field} panel.",
    "Talked through salary ranges in {field}; {skill} pays more than I thought.",
    "They shared a reading list on {field}; first item is about {tool}.",
    "Birthday message; they are moving to {place} in the spring.",
)
PERSON = (
    "Works on {field}; uses {tool} every day.",
    "Grew up in {place}; moved into {field} after a few years in {field2}.",
    "Strong at {skill}; ask about {tool}.",
    "Introduced by {name}.",
    "Knows {name} from their time in {place}.",
    "Interested in {field}; mentors people on {skill}.",
    "Spoke at the {field} conference in {place} about {tool}.",
)
ORGANIZATION = (
    "Offices in {place} and {place2}; known for {field}.",
    "Hiring in {field}; their stack includes {tool} and {tool2}.",
    "Small team in {place}; values {skill}.",
    "{name} used to work here, on {field}.",
)
SUBJECT = (
    "Twenty minutes on {field}?",
    "A question about {field} at {org}",
    "{name} suggested I write to you",
    "Learning about {field} in {place}",
)
REQUEST_BODY = (
    "Hi {first},\n\nI am exploring {field} and your path from {field2} stood out. "
    "Could I ask you a few questions over twenty minutes, by video or near {place}? "
    "I am especially curious how your team uses {tool}.\n\nThank you,\n{me}"
)
FOLLOW_UP_BODY = (
    "Hi {first},\n\nFollowing up on my note about {field}. I know things get busy; "
    "even fifteen minutes would help me understand what {skill} looks like at {org}.\n\n{me}"
)
THANK_YOU_BODY = (
    "Hi {first},\n\nThank you for the time yesterday. Your point about {skill} stuck with "
    "me, and I am going to look into {tool} as you suggested.\n\nBest,\n{me}"
)
QUOTE = (
    "Said {skill} matters more than {tool} in {field}.",
    "Told me to talk to {name} in {place}.",
    "The best {field} people they know started in {field2}.",
)
NEXT_STEP = (
    "take the evening course on {tool}",
    "write to {name} about {field}",
    "practise {skill} at the {place} meetup",
)
DAY_TO_DAY = (
    "Mornings on {tool}, afternoons in meetings with the {field} team.",
    "Mostly {skill}; a weekly review with people from {place}.",
)
TEAM_WAYS = (
    "Two-week cycles, planning on Mondays, everything written down in {tool}.",
    "Small pods by customer; a lot of pairing and {skill}.",
)
FLEXIBLE = ("Two days at home a week.", "Fully remote, with a trip to {place} each quarter.")
OFFICE = ("Open office in {place}.", "Quiet floor, shared desks, near the station in {place}.")
MANAGEMENT = ("Hands-off; the manager came from {field}.", "Weekly one-to-ones, clear goals.")
RED_FLAGS = (
    "Three managers in a year.",
    "Nobody could say who owns {tool}.",
    "Long hours before every {field} launch.",
)
FIT_REASON = (
    "I like {field} but I would need more {skill}.",
    "The work with {tool} is what I want to do.",
    "Good people, but {place} is far.",
)
ADVICE = (
    "Learn {tool}; talk to {name}; read about {field}.",
    "Get better at {skill} before applying; the {place} meetup is a good start.",
)
RESEARCH_FIELD = ("{field} is growing in {place}; {tool} shows up in most job posts.",)
RESEARCH_GAPS = ("How much {skill} does the job take day to day?", "Is {tool} a must?")
RESEARCH_ORG = ("{org} has offices in {place}; recent news about {field}.",)
RESEARCH_PERSON = ("Moved from {field2} to {field}; wrote about {tool} last year.",)
MEETING = (
    "- path: {field2} to {field}\n- uses {tool} daily\n- talk to {name}\n- {skill} matters",
    "- team of {team}\n- hiring in {place}?\n- read about {field}\n- follow up on {tool}",
)


def fold(word: str) -> str:
    """Lowercase, accents dropped: how people type a name they have only seen written."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()


class _Slots(dict):
    """Template slots drawn on first use, so a sentence costs only the words it holds;
    a second slot of a kind ("field2") differs from the first."""

    def __init__(self, writer: Writer, given: dict[str, str]):
        super().__init__(given)
        self.writer = writer

    def __missing__(self, key: str) -> str:
        rng = self.writer.rng
        base = key.rstrip("2")
        if base == "name":
            value = self.writer.name()
        elif base == "org":
            value = rng.choice(self.writer.organizations)
        else:
            pool = POOLS[base]
            value = rng.choice(pool)
            other = self.get(base if key != base else base + "2")
            while value == other:
                value = rng.choice(pool)
        self[key] = value
        return value


class Writer:
    """Fills the templates above from one seeded RNG."""

    def __init__(self, rng: random.Random, organizations: list[str]):
        self.rng = rng
        self.organizations = organizations or ["the company"]

    def name(self) -> str:
        rng = self.rng
        first = rng.choice(ACCENTED_FIRST if rng.random() < 0.4 else PLAIN_FIRST)
        last = rng.choice(ACCENTED_LAST if rng.random() < 0.4 else PLAIN_LAST)
        return f"{first} {last}"

    def fill(self, template: str, **given: str) -> str:
        return template.format_map(_Slots(self, given))

    def pick(self, templates: tuple[str, ...], **given: str) -> str:
        text = self.fill(self.rng.choice(templates), **given)
        return text[:1].upper() + text[1:]

    def sentences(self, templates: tuple[str, ...], low: int, high: int) -> str:
        return " ".join(self.pick(templates) for _ in range(self.rng.randint(low, high)))

    def interaction(self) -> str:
        return self.pick(INTERACTION)

    def person_notes(self) -> str:
        return self.sentences(PERSON, 1, 3)

    def organization_notes(self) -> str:
        return self.sentences(ORGANIZATION, 1, 2)

    def message(self, kind: str, *, first: str, org: str, me: str) -> tuple[str, str]:
        body = {"request": REQUEST_BODY, "follow_up": FOLLOW_UP_BODY, "thank_you": THANK_YOU_BODY}
        subject = self.pick(SUBJECT, org=org)
        if kind != "request":
            subject = "Re: " + subject if kind == "follow_up" else "Thank you"
        return subject, self.fill(body[kind], first=first, org=org, me=me)

    def debrief(self) -> dict:
        rng = self.rng
        return {
            "day_to_day": self.pick(DAY_TO_DAY),
            "skills": ", ".join(rng.sample(SKILLS, 3)),
            "team_size": rng.choice(TEAM_SIZES),
            "team_ways": self.pick(TEAM_WAYS),
            "flexible_work": self.pick(FLEXIBLE),
            "office_setting": self.pick(OFFICE),
            "management_style": self.pick(MANAGEMENT),
            "red_flags": self.pick(RED_FLAGS) if rng.random() < 0.3 else "",
            "fit": rng.randint(1, 5) if rng.random() < 0.8 else None,
            "fit_reason": self.pick(FIT_REASON),
            "advice": self.pick(ADVICE),
        }

    def research(self, org: str) -> dict:
        return {
            "field_notes": self.pick(RESEARCH_FIELD),
            "field_gaps": self.pick(RESEARCH_GAPS),
            "organization_notes": self.pick(RESEARCH_ORG, org=org),
            "organization_gaps": self.pick(RESEARCH_GAPS),
            "person_notes": self.pick(RESEARCH_PERSON),
            "person_gaps": self.pick(RESEARCH_GAPS) if self.rng.random() < 0.5 else "",
            "links": f"https://{org.lower().replace(' ', '')}.example/about",
        }

    def meeting_notes(self) -> str:
        return self.pick(MEETING)

    def quote_note(self) -> str:
        return self.pick(QUOTE)

    def next_step(self) -> str:
        return self.pick(NEXT_STEP)


# --- the plan: prose on the builder's planned rows -------------------------------------

# How many people get an accented first or last name, and how much of each source holds
# prose; the messages each stage implies; where research and notes exist.
ACCENTED_SHARE = 0.06
NOTES_SHARE = {"organization": 0.3, "person": 0.35, "interaction": 0.8}
STAGE_MESSAGE_KINDS = {
    Stage.REQUESTED: "request",
    Stage.FOLLOWED_UP: "follow_up",
    Stage.THANKED: "thank_you",
}
MET = (Stage.HELD, Stage.THANKED, Stage.KEEPING_IN_TOUCH)
RESEARCHED = (Stage.SCHEDULED, *MET)


def plan(seed, organizations, people, interview_plan, interactions, *, now: datetime) -> dict:
    """Prose on the planned rows, and the rows that are only prose (messages, research,
    meeting notes, debriefs: by interview index). From an RNG of its own, so the rest of
    the workspace (who works where, who knows whom, what is due) stays as it was."""
    rng = random.Random(f"{seed}-text")
    writer = Writer(rng, [o.name for o in organizations])
    for organization in organizations:
        if rng.random() < NOTES_SHARE["organization"]:
            organization.notes = writer.organization_notes()
    for i, person in enumerate(people):
        first, last = person.name.split(" ", 1)
        if rng.random() < ACCENTED_SHARE:
            first = rng.choice(ACCENTED_FIRST)
        if rng.random() < ACCENTED_SHARE:
            last = rng.choice(ACCENTED_LAST)
        if person.name != f"{first} {last}":
            person.name = f"{first} {last}"
            if person.email:
                domain = person.email.split("@", 1)[1]
                person.email = f"{fold(first)}.{fold(last)}.{i}@{domain}"
        notes = rng.random() < NOTES_SHARE["person"]
        person.notes = writer.person_notes() if notes else ""
    for k, row in enumerate(interactions):
        if row[1] is None and rng.random() < NOTES_SHARE["interaction"]:
            interactions[k] = (*row[:4], writer.interaction(), row[5])
    planned = {"messages": [], "research": [], "meeting_notes": [], "debriefs": []}
    for n, (person_index, interview, history, _messages) in enumerate(interview_plan):
        person = people[person_index]
        org = person.organization.name if person.organization else "your organization"
        first = person.name.split(" ", 1)[0]
        for _before, after, at in history:
            if after in STAGE_MESSAGE_KINDS and rng.random() < 0.9:
                kind = STAGE_MESSAGE_KINDS[after]
                subject, body = writer.message(kind, first=first, org=org, me="Alex")
                sent = {"sent_at": min(at, now), "sent_via": "copied"}
                fields = {"kind": kind, "subject": subject, "body": body, **sent}
                planned["messages"].append((n, fields))
        if interview.stage in RESEARCHED and rng.random() < 0.6:
            planned["research"].append((n, writer.research(org)))
        if interview.stage in MET:
            if rng.random() < 0.7:
                interview.quote_note = writer.quote_note()
                interview.next_step = writer.next_step()
            if rng.random() < 0.6:
                fields = {"text": writer.meeting_notes(), "revision": 1}
                planned["meeting_notes"].append((n, {**fields, "started_at": interview.meeting_at}))
            if rng.random() < 0.7:
                planned["debriefs"].append((n, writer.debrief()))
    return planned
