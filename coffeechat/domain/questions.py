"""The question bank and which questions to suggest for one conversation.

DOMAIN.md "Preparing": 5 to 10 open-ended questions (at least 3), tailored to the
person's work, drawn from nine families. Pure Python, no Django: the prep app stores
the user's own questions and the picked list; this module only decides.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from coffeechat.domain.seniority import Seniority, guess_seniority
from coffeechat.domain.text import folded, word_count

MIN_QUESTIONS = 3
MAX_QUESTIONS = 10
SUGGEST_MIN = 5
SUGGEST_MAX = 10

PURPOSES = ("explore", "onboard", "advance")

# A pitch read aloud runs at about 150 words a minute; the story should fit in 60 seconds.
WORDS_PER_MINUTE = 150
PITCH_MAX_WORDS = 150


class Family(StrEnum):
    # In the order a conversation usually runs: their story first, whom else last.
    CAREER_PATH = "career_path"
    DAY_TO_DAY = "day_to_day"
    SKILLS = "skills"
    CHALLENGES = "challenges"
    CULTURE = "culture"
    TRENDS = "trends"
    ADVICE = "advice"
    LEARNING = "learning"
    WHOM_ELSE = "whom_else"

    @property
    def label(self) -> str:
        return _FAMILY_LABELS[self]


_FAMILY_LABELS = {
    Family.CAREER_PATH: "Career path and story",
    Family.DAY_TO_DAY: "Day-to-day work",
    Family.SKILLS: "Skills and experience that matter",
    Family.CHALLENGES: "Challenges in the work and the team",
    Family.CULTURE: "Culture and how the team works",
    Family.TRENDS: "Trends and emerging skills",
    Family.ADVICE: "Advice for someone at my stage",
    Family.LEARNING: "Learning resources",
    Family.WHOM_ELSE: "Whom else to talk to",
}

FAMILY_CHOICES = tuple((family.value, family.label) for family in Family)


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    family: Family
    purposes: frozenset[str]
    role_words: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # The user's own questions arrive as plain strings from the database: check them
        # here so a bad row fails loudly instead of silently never being suggested.
        if not self.text.strip():
            raise ValueError(f"Question {self.key!r} has no text.")
        try:
            object.__setattr__(self, "family", Family(self.family))
        except ValueError:
            raise ValueError(
                f"Question {self.key!r}: {self.family!r} is not a question family "
                f"(one of {', '.join(Family)})."
            ) from None
        purposes = frozenset(self.purposes)
        unknown = purposes - set(PURPOSES)
        if not purposes or unknown:
            raise ValueError(
                f"Question {self.key!r}: purposes must be some of {', '.join(PURPOSES)}"
                f" (got {', '.join(sorted(purposes)) or 'none'})."
            )
        object.__setattr__(self, "purposes", purposes)
        object.__setattr__(self, "role_words", frozenset(w.lower() for w in self.role_words))

    @property
    def own(self) -> bool:
        return self.key.startswith("own-")


@dataclass(frozen=True)
class TheirQuestion:
    question: str
    answer: str
    missing: str
    # A remark on the answer itself, such as a pitch too long to say in a minute.
    note: str = ""


def own_question(*, pk: int, text: str, family: str, purposes: str | Iterable[str]) -> Question:
    """The user's own question as the bank sees it; no purposes means all of them."""
    if isinstance(purposes, str):
        purposes = [p.strip() for p in purposes.split(",")]
    chosen = frozenset(p for p in purposes if p) or frozenset(PURPOSES)
    return Question(key=f"own-{pk}", text=text.strip(), family=family, purposes=chosen)


# Title words that mark a question as tailored to a kind of work.
_LEADERS = ("director", "head", "chief", "vp", "president", "founder", "executive", "partner")
_ENGINEERS = ("engineer", "engineering", "developer", "programmer", "software")
_DATA = ("data", "analyst", "analytics", "statistician", "scientist")
_DESIGNERS = ("designer", "design", "ux")
_PRODUCT = ("product", "pm")
_CLINICIANS = ("nurse", "nursing", "clinician", "physician", "midwife", "paramedic")
_TEACHERS = ("teacher", "teaching", "educator", "lecturer", "tutor")
_RESEARCHERS = ("researcher", "research", "scientist", "professor", "postdoc", "phd")
_LAWYERS = ("lawyer", "attorney", "solicitor", "barrister", "counsel", "legal", "paralegal")
_POLICY = ("policy", "government", "legislative")
_SALES = ("sales", "seller", "salesperson")
_MANAGERS = ("manager", "supervisor", "lead", *_LEADERS)

# (purposes: e=explore, o=onboard, a=advance; text; title words it is tailored to).
# Keys follow the position in each family's list: add new questions at the end only,
# since planned questions remember their key.
_E, _O, _A, _ALL = "e", "o", "a", "eoa"
_TABLE: dict[Family, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    Family.CAREER_PATH: (
        (_ALL, "How did you come to be doing the work you do now?", ()),
        (_E, "What first drew you to this field?", ()),
        (_E, "Which steps on your way into this role mattered most, looking back?", ()),
        ("ea", "Which turning points shaped your career the most?", ()),
        (_O, "How did your role here come about, and how has it changed since you began?", ()),
        ("oa", "What route did you take inside this organization to reach your current role?", ()),
        (
            _ALL,
            "How did you make the move from doing the work yourself to leading the people "
            "who do it?",
            _LEADERS,
        ),
        (_A, "What changed in how you worked when you stepped up to your current level?", ()),
        ("ea", "What was the hardest career move you made, and why did you make it?", ()),
        (_E, "If you changed fields along the way, what made the change work?", ()),
        (
            _E,
            "How did you weigh staying in academic research against moving elsewhere?",
            _RESEARCHERS,
        ),
        (_O, "What were you doing before you joined this team, and what carried over?", ()),
        (_E, "What helped you most in your first year of this work?", ()),
        (_A, "How did you choose between specializing further and leading a ward?", _CLINICIANS),
    ),
    Family.DAY_TO_DAY: (
        ("eo", "What does a typical week look like for you?", ()),
        (_E, "Walk me through a recent day: where did your time actually go?", ()),
        (_ALL, "Which parts of your work give you energy, and which wear you down?", ()),
        (_E, "How much of your time is spent working alone, and how much with others?", ()),
        (_O, "Which teams do you work with most closely, and what do you need from them?", ()),
        (_O, "Where does your work meet the work of my team?", ()),
        (_O, "What do others in the organization often misunderstand about your role?", ()),
        (_A, "How does your day now differ from your day at an earlier level?", ()),
        (
            "oa",
            "Where does your time go now that you lead others, and what did you have to let go of?",
            _MANAGERS,
        ),
        (
            _E,
            "How is your week split between writing code, reviewing other people's work, "
            "and meetings?",
            _ENGINEERS,
        ),
        (_E, "What happens on a shift from one handover to the next?", _CLINICIANS),
        (
            _E,
            "Outside the classroom, where does your time go: planning, marking, meetings "
            "with families?",
            _TEACHERS,
        ),
        (
            "eo",
            "How does a design travel from first sketch to something people use, and "
            "where do you come in?",
            _DESIGNERS,
        ),
        (
            "eo",
            "How do you divide your week between customers, engineers and planning?",
            _PRODUCT,
        ),
        (_E, "What does a good week in sales look like, and how is it measured?", _SALES),
        (_E, "How much of your week goes to cleaning data compared with analysing it?", _DATA),
        (_O, "How does your engineering team take in requests from other teams?", _ENGINEERS),
    ),
    Family.SKILLS: (
        (_ALL, "Which skills matter most in your work, and how did you build them?", ()),
        (_E, "What kind of experience prepares someone best for this field?", ()),
        (_E, "Which skills did you learn in the work itself that no course taught?", ()),
        ("ea", "Which skills set apart the people who do well here from those who struggle?", ()),
        (_O, "Which skills from your team would be most useful for someone in my role?", ()),
        (_O, "Which tools or systems should I learn to work well with your team?", ()),
        (_A, "Which skills grew more important as you took on more responsibility?", ()),
        (_A, "What do the people who move up here tend to do well?", ()),
        (
            _E,
            "Which tools and methods do you rely on most in your analysis, and which are "
            "overrated?",
            _DATA,
        ),
        (
            _E,
            "Beyond writing code, which skills made the biggest difference to your "
            "engineering work?",
            _ENGINEERS,
        ),
        (_E, "Which design skills took you the longest to develop?", _DESIGNERS),
        (_E, "Which skills matter most in practice that law school left out?", _LAWYERS),
        (_E, "How do you balance research, writing and persuasion in policy work?", _POLICY),
        (_E, "How do you decide what to build next, and whose views weigh most?", _PRODUCT),
        (_E, "Which skills matter most at the bedside that training only touched on?", _CLINICIANS),
        (_A, "What does the step up to lead or staff engineer ask of someone?", _ENGINEERS),
        (_A, "What separates a senior designer from a design lead here?", _DESIGNERS),
        (_O, "Which data sources here can I trust, and which need care?", _DATA),
    ),
    Family.CHALLENGES: (
        (_ALL, "What is the hardest part of your work?", ()),
        (_E, "What surprised you most when you started in this field?", ()),
        ("eo", "Which problems is your team wrestling with right now?", ()),
        (_O, "Where do handoffs between your team and others tend to break down?", ()),
        (_O, "What gets in the way of your team doing its best work?", ()),
        (_A, "Which obstacles did you meet as you moved up, and how did you get past them?", ()),
        (_A, "Which trade-offs come with a more senior role that people rarely mention?", ()),
        (_E, "What do newcomers to this field often find harder than they expected?", ()),
        (_E, "How do you carry the emotional weight of patient care over the years?", _CLINICIANS),
        (
            _E,
            "What makes the difference between a hard year of teaching and a good one?",
            _TEACHERS,
        ),
        (_E, "How do you handle the stretches when deals fall through?", _SALES),
        (_E, "Which trade-offs between speed and quality come up most in your product?", _PRODUCT),
        ("ea", "What is the hardest part of managing a team that others rarely see?", _MANAGERS),
        (_E, "What makes a research project stall, and how do you restart it?", _RESEARCHERS),
        (_E, "What was hardest about your first year, and how did you get through it?", ()),
        (_O, "Where do product plans and customer requests pull apart most often?", _PRODUCT),
        (_A, "How do people in policy work move up when priorities change overnight?", _POLICY),
    ),
    Family.CULTURE: (
        ("eo", "How big is your team, and how is the work shared out?", ()),
        ("eo", "How does your team reach decisions when people disagree?", ()),
        (_E, "How much freedom do people have over where and when they work?", ()),
        ("eo", "What is the office like day to day, and how often is the team together?", ()),
        (_ALL, "How would you describe your manager's style, and what do you value in it?", ()),
        (_E, "What kind of person thrives in this organization, and who tends to struggle?", ()),
        (_O, "Which unwritten rules should someone new to working with your team know?", ()),
        (_O, "How does your team like to be asked for help?", ()),
        (_A, "How does the organization recognize people who take on more?", ()),
        (_A, "How are decisions about promotion made here, and who has a say?", ()),
        (_A, "What does leadership here value most in the people it develops?", ()),
        (_E, "How does your team handle on-call duty, deadlines and tech debt?", _ENGINEERS),
        (
            _E,
            "How does your group share credit and decide who works on what?",
            _RESEARCHERS,
        ),
        (_E, "How does the staff room support new teachers?", _TEACHERS),
        (_O, "How do sales and other teams work together when a customer is unhappy?", _SALES),
    ),
    Family.TRENDS: (
        ("ea", "How is your field changing, and what does that mean for people entering it?", ()),
        (_E, "Which new skills are becoming important in your area?", ()),
        ("ea", "Where do you see this work heading in the next five years?", ()),
        (_E, "Which parts of the work are growing, and which are shrinking?", ()),
        (_O, "Which changes on the horizon here will affect how your team works?", ()),
        (_O, "Which projects or priorities will matter most to your team next year?", ()),
        (_A, "Which emerging areas would you bet on if you were building your career now?", ()),
        (_A, "How are the roles above yours changing as the field shifts?", ()),
        (_ALL, "How are AI tools changing the way your team does its work?", ()),
        (_E, "Which policy debates are shaping your area right now?", _POLICY),
        (_E, "How is technology changing the way care is given where you work?", _CLINICIANS),
        (
            _E,
            "Which techniques or tools is your team watching most closely?",
            (*_ENGINEERS, *_DATA),
        ),
        ("ea", "How is technology changing the way legal work is done?", _LAWYERS),
    ),
    Family.ADVICE: (
        (_ALL, "What advice would you give someone at my stage?", ()),
        (_E, "If you were starting out in this field today, what would you do first?", ()),
        (_E, "What do you wish you had known before you started in this work?", ()),
        (_E, "How could someone with my background best prepare for this kind of work?", ()),
        (_O, "What would help me work well with your team from the start?", ()),
        (_O, "What should I understand about your role to make working together easier?", ()),
        (_A, "What would you focus on if you were in my position and wanted to grow here?", ()),
        (_A, "What would you do differently if you were aiming for your role again?", ()),
        (_A, "Which mistakes do people make when they try to move up too fast?", ()),
        ("ea", "Which small step could I take this month to test whether this path suits me?", ()),
        ("ea", "What would you tell your earlier self about leading people?", _MANAGERS),
        (_A, "What would you do first if you hoped to lead a department one day?", _TEACHERS),
    ),
    Family.LEARNING: (
        (_ALL, "Which books, newsletters or podcasts do you find most useful in your work?", ()),
        (_ALL, "Which communities, groups or events are worth joining?", ()),
        (_E, "Which courses or qualifications are worth the time, and which can be skipped?", ()),
        (_ALL, "How do you keep your skills current?", ()),
        (
            _O,
            "Which internal documents or resources would help me understand your team's work?",
            (),
        ),
        (_O, "Which training offered here is worth taking early?", ()),
        (_A, "What learning helped you most when you prepared for a bigger role?", ()),
        (
            _A,
            "Which mentors, programs or stretch projects made the biggest difference for you?",
            (),
        ),
        (
            _E,
            "Which small projects would you build to learn the skills your team uses?",
            _ENGINEERS,
        ),
        (
            _E,
            "Which data sets or practice problems would you suggest for learning the craft?",
            _DATA,
        ),
        (_E, "Which designers or bodies of work taught you the most?", _DESIGNERS),
        (
            _A,
            "Which qualifications matter for moving up in nursing, and which can wait?",
            _CLINICIANS,
        ),
    ),
    Family.WHOM_ELSE: (
        (_ALL, "Who else would you suggest I speak with to learn more?", ()),
        (_ALL, "Whose work in this field do you admire, and why?", ()),
        (_E, "Which people see this field from a different angle than yours?", ()),
        (_E, "Which organizations or groups would be good to learn about next?", ()),
        (_O, "Who in other teams should I get to know to see how the work fits together?", ()),
        (_O, "Who here understands how things came to be the way they are?", ()),
        (_A, "Who here has made the move I am hoping to make, and might be glad to talk?", ()),
        (_A, "Whom would you go to for candid advice about growing here?", ()),
        ("ea", "Which people a few years into this work would be good to talk to?", ()),
    ),
}

_PURPOSE_CODES = {"e": "explore", "o": "onboard", "a": "advance"}


def _build_bank() -> tuple[Question, ...]:
    bank = []
    for family, rows in _TABLE.items():
        prefix = family.value.replace("_", "-")
        for number, (codes, text, words) in enumerate(rows, start=1):
            purposes = frozenset(_PURPOSE_CODES[code] for code in codes)
            bank.append(
                Question(f"{prefix}-{number:02d}", text, family, purposes, frozenset(words))
            )
    return tuple(bank)


BANK: tuple[Question, ...] = _build_bank()
_BY_KEY = {question.key: question for question in BANK}

# Questions worth asking first of someone at a given level: the way into leadership for
# those who lead, the first steps for those who have just taken them.
_FOR_SENIORITY = {
    Seniority.EXECUTIVE: ("career-path-07", "day-to-day-09", "advice-11", "challenges-13"),
    Seniority.SENIOR: ("career-path-07", "day-to-day-09", "advice-11", "challenges-13"),
    Seniority.JUNIOR: ("career-path-13", "challenges-15", "advice-03", "whom-else-09"),
}

# After the three every suggestion holds (their story, their advice, whom else), the
# families each purpose reaches for first.
_REQUIRED = (Family.CAREER_PATH, Family.ADVICE, Family.WHOM_ELSE)
_PRIORITY = {
    "explore": (Family.DAY_TO_DAY, Family.SKILLS, Family.TRENDS, Family.CHALLENGES,
                Family.CULTURE, Family.LEARNING),
    "onboard": (Family.DAY_TO_DAY, Family.CHALLENGES, Family.CULTURE, Family.SKILLS,
                Family.LEARNING, Family.TRENDS),
    "advance": (Family.SKILLS, Family.CHALLENGES, Family.CULTURE, Family.TRENDS,
                Family.DAY_TO_DAY, Family.LEARNING),
}  # fmt: skip
_FAMILY_ORDER = {family: index for index, family in enumerate(Family)}


def by_key(key: str) -> Question | None:
    return _BY_KEY.get(key)


def _check_purpose(purpose: str) -> None:
    if purpose not in PURPOSES:
        raise ValueError(f"Unknown purpose {purpose!r}: use one of {', '.join(PURPOSES)}.")


def bank_for(purpose: str | None = None, extra: Iterable[Question] = ()) -> list[Question]:
    """The bank plus the user's own questions, those suiting `purpose` (all when None),
    grouped by family with the user's own first; a text already present (ignoring case
    and punctuation) appears once, the user's own copy winning."""
    if purpose is not None:
        _check_purpose(purpose)
    seen: set[str] = set()
    result = []
    for question in (*extra, *BANK):
        text = folded(question.text)
        if text in seen or (purpose is not None and purpose not in question.purposes):
            continue
        seen.add(text)
        result.append(question)
    # sort is stable: within a family the user's own stay first, then the bank's order.
    result.sort(key=lambda q: _FAMILY_ORDER[q.family])
    return result


def _matches(role_words: frozenset[str], title_words: set[str]) -> bool:
    # Whole words, allowing a plural or "-ing" ("engineers", "engineering") but not
    # unrelated longer words ("production" is not "product", "nursery" not "nurse").
    for word in title_words:
        for suffix in ("", "s", "es", "ing"):
            if word.endswith(suffix) and word[: len(word) - len(suffix)] in role_words:
                return True
    return False


def suggest(
    *,
    purpose: str,
    title: str = "",
    seniority: str = "",
    extra: Iterable[Question] = (),
    count: int = 7,
) -> list[Question]:
    """Between 5 and 10 questions suiting the purpose, in a sensible order to ask them.

    One each of career path, advice and whom else to talk to, then the purpose's
    favourite families, at most two per family while others remain. Within a family the
    user's own questions come first, then those tailored to the person's title or level,
    then general ones, and last those tailored to some other kind of work.
    """
    _check_purpose(purpose)
    count = max(SUGGEST_MIN, min(SUGGEST_MAX, count))
    title_words = set(folded(title).split())
    # No level given (or "unknown") means a guess from the title, as elsewhere.
    level = seniority if seniority not in ("", Seniority.UNKNOWN) else guess_seniority(title)
    boosted = set(_FOR_SENIORITY.get(level, ()))

    def fit(question: Question) -> int:
        score = 0
        if question.role_words and _matches(question.role_words, title_words):
            score += 2
        if question.key in boosted:
            score += 1
        if question.role_words and not score:
            return -1
        return score

    ranked = sorted(
        enumerate(bank_for(purpose, extra)),
        key=lambda item: (not item[1].own, -fit(item[1]), item[0]),
    )
    rank = {id(question): position for position, (_, question) in enumerate(ranked)}
    pools: dict[Family, list[Question]] = {family: [] for family in Family}
    for _, question in ranked:
        pools[question.family].append(question)

    order = (*_REQUIRED, *_PRIORITY[purpose])
    picked: list[Question] = []
    # Round n takes each family's n-th question. Rounds 1 and 2 reach every family
    # before any gets a third, so a third is taken only when the others have run dry.
    # Within a round the user's own questions go first, so they are not crowded out,
    # except that the first round always starts with the three every list holds.
    for depth in range(max(len(pool) for pool in pools.values())):

        def turn(family: Family, depth: int = depth) -> tuple[bool, bool, int]:
            pool = pools[family]
            own = depth < len(pool) and pool[depth].own
            return (depth == 0 and family not in _REQUIRED, not own, order.index(family))

        for family in sorted(order, key=turn):
            if len(picked) == count:
                break
            if depth < len(pools[family]):
                picked.append(pools[family][depth])
    picked.sort(key=lambda q: (_FAMILY_ORDER[q.family], rank[id(q)]))
    return picked


def count_warning(count: int) -> str | None:
    """A plain sentence when the planned questions are too few or too many, else None."""
    if count < MIN_QUESTIONS:
        have = "No questions yet" if count <= 0 else f"Only {_questions(count)}"
        return f"{have}: prepare at least {MIN_QUESTIONS} ({SUGGEST_MIN} to {SUGGEST_MAX} is best)."
    if count > MAX_QUESTIONS:
        return (
            f"{_questions(count)} are more than a 20-30 minute conversation can hold: "
            f"pick the best {MAX_QUESTIONS}."
        )
    return None


def _questions(count: int) -> str:
    return f"{count} question" if count == 1 else f"{count} questions"


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return ""
    return text if text[-1] in ".!?" else text + "."


def _about_me(background: str) -> str:
    """The one-line background as something to say: "a chemistry student…" becomes
    "I'm a chemistry student…"."""
    line = _sentence(background)
    if line.split(" ", 1)[0].lower() in ("a", "an"):
        return "I'm " + line
    return _capital(line)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


_WHERE = "under Settings →"
_PITCH_FIELD = "Tell me about yourself"
_GOALS_FIELD = "Your goals"
_BACKGROUND_FIELD = "Who you are, in one line"


def questions_they_may_ask(
    *, pitch: str, goals: str, background: str, field: str = "", organization: str = ""
) -> list[TheirQuestion]:
    """What the person may well ask the user, each answered from the profile (DOMAIN.md:
    a 30-60 second story, what interests the user in the field, the user's goals)."""
    pitch, goals, background = pitch.strip(), goals.strip(), background.strip()

    note = ""
    words = word_count(pitch)
    if words > PITCH_MAX_WORDS:
        seconds = math.ceil(words * 60 / WORDS_PER_MINUTE)
        note = (
            f"Your story is {words} words, about {seconds} seconds aloud: trim it toward "
            f"{PITCH_MAX_WORDS} words so it fits in 60 seconds."
        )
    story = TheirQuestion(
        question="Tell me about yourself",
        answer=pitch,
        missing="" if pitch else f"Add your 30-60 second story {_WHERE} {_PITCH_FIELD}.",
        note=note,
    )

    field, organization = field.strip(), organization.strip()
    if field:
        interest_question = f"What interests you in {field}?"
    elif organization:
        interest_question = f"What interests you in the work at {organization}?"
    else:
        interest_question = "What interests you in this field?"
    parts = [part for part in (_about_me(background), _capital(_sentence(goals))) if part]
    if not background and not goals:
        interest_missing = (
            f"Add who you are {_WHERE} {_BACKGROUND_FIELD}, and where you are heading "
            f"{_WHERE} {_GOALS_FIELD}."
        )
    elif not background:
        interest_missing = f"Add who you are {_WHERE} {_BACKGROUND_FIELD}."
    elif not goals:
        interest_missing = f"Add where you are heading {_WHERE} {_GOALS_FIELD}."
    else:
        interest_missing = ""
    interest = TheirQuestion(interest_question, " ".join(parts), interest_missing)

    next_step = TheirQuestion(
        question="What are you hoping to do next?",
        answer=goals,
        missing="" if goals else f"Add your goals {_WHERE} {_GOALS_FIELD}.",
    )
    return [story, interest, next_step]
