"""The knowledge-base models: one pydantic model per kind of content file.

These classes are the single definition of the content format. They give
validation (``generator.validate``), the JSON Schemas in ``schema/`` that
editors use for autocompletion (``generator.schema``), and the authoring
reference page in the docs (``generator.reference``). Field descriptions are
written for careers-office staff, not for programmers.
"""
from __future__ import annotations

import re
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from .markup import markdown_problems

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
FIELD_NAME = r"^[a-z][a-z0-9_]*$"
WEB_ADDRESS = r"^https?://\S+$"
#: What to tell an author whose text does not match a pattern (pattern -> message; {value} is theirs).
PATTERN_HELP: dict[str, str] = {
    SLUG: "'{value}' is not a valid id: use lower-case words joined by hyphens, like 'follow-up'",
    WEB_ADDRESS: "'{value}' is not a valid web address (start it with https://)",
    FIELD_NAME: "'{value}' is not a valid name: use lower-case letters, digits and '_', like 'your_name'",
}
#: File names an item may not take, because the site generates a page at that
#: address in the kind's folder (name -> why, for the message). Items live in
#: their kind's folder, so site-wide names (404, assets, search, tags) cannot
#: collide with them.
RESERVED_IDS: dict[str, str] = {
    "index": "the page listing every item of its kind has this address",
}
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_HTML_TAG = re.compile(r"<\s*[a-zA-Z/!?]")
_BAD_URL = re.compile(r"(java|vb)script\s*:|\bdata:(?!\s)", re.IGNORECASE)
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.IGNORECASE)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _no_control_chars(value: str) -> str:
    match = _CONTROL.search(value)
    if match:
        raise ValueError(f"contains the control character U+{ord(match.group()):04X}; delete it")
    return value


def _plain(value: str) -> str:
    """Plain text: no HTML, since it is shown as text everywhere."""
    _no_control_chars(value)
    if _HTML_TAG.search(value):
        raise ValueError("must be plain text: HTML tags are not allowed here")
    return value


class MarkdownText(str):
    """Text of a Markdown field (so later stages can find every Markdown field)."""

    __slots__ = ()


def _markdown(value: str) -> str:
    """Markdown: emphasis, lists and links, but no raw HTML, images or script URLs.

    The renderer (generator.markup) decides what reaches a page; these messages
    tell the author what it would drop."""
    _no_control_chars(value)
    if _HTML_TAG.search(value):
        raise ValueError("HTML tags are not allowed; use Markdown (**bold**, [link](https://...))")
    if _BAD_URL.search(value):
        raise ValueError("links must use http, https or mailto addresses (no 'javascript:', 'vbscript:' or 'data:')")
    if _ENTITY.search(value):
        raise ValueError("HTML entities like '&amp;' are not allowed; type the character itself")
    for message in markdown_problems(value):
        raise ValueError(message)
    return MarkdownText(value)


def _one_line(value: str) -> str:
    if "\n" in value.strip():
        raise ValueError("must be a single line")
    return value


Slug = Annotated[str, StringConstraints(pattern=SLUG)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_plain)]
Line = Annotated[Text, AfterValidator(_one_line)]
Markdown = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_markdown)]
SourceIds = Annotated[list[Slug], Field(min_length=1, description="Ids of the articles in `sources.yml` that this item draws on (at least one).")]


#: Every kind of content, filled in as the Item subclasses below are defined.
KINDS: dict[str, type["Item"]] = {}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Item(Strict):
    """Fields every content item has.

    Each subclass is one kind of content and declares, next to its fields,
    everything the rest of the generator needs to know about the kind; defining
    the class registers it in ``KINDS`` (in definition order, which is the
    order of the kinds in the navigation). A new kind needs this model, a page
    template ``generator/templates/<kind>.md.j2`` and a golden test.
    """

    #: folder name under content/ and in the site's addresses
    kind: ClassVar[str]
    #: one item of the kind, in messages ("no reason 'x'")
    singular: ClassVar[str]
    #: title and introduction of the kind's index page
    heading: ClassVar[str]
    intro: ClassVar[str]
    #: how each reference field is checked: field name -> kind it points to
    refs: ClassVar[dict[str, str]] = {}
    #: the kinds whose links an item's page shows (its own references to that
    #: kind first, then the items of that kind that point at it)
    shows: ClassVar[tuple[str, ...]] = ()
    #: place of the kind's index page in the reader's navigation
    position: ClassVar[int] = 99
    #: index pages group items by this field (its labels are in `labels`)
    group_by: ClassVar[str | None] = None
    #: reader-facing words for the values of enumerated fields
    labels: ClassVar[dict[str, dict[str, str]]] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "kind" in cls.__dict__:
            KINDS[cls.kind] = cls

    def sort_key(self) -> tuple:
        """Order on the kind's index page: by group (in the order of its labels), then title."""
        if self.group_by:
            order = list(self.labels[self.group_by])
            return (order.index(getattr(self, self.group_by)), self.title.lower())
        return (self.title.lower(),)

    title: Line = Field(description="Page title: short, plain text, in the reader's words.", max_length=90)
    summary: Line = Field(
        description="One or two plain sentences: shown in lists and used as the page description for search engines.",
        max_length=300,
    )
    sources: SourceIds
    tags: list[Line] = Field(default_factory=list, description="Extra tags shown on the page and in the tags index.")


# --------------------------------------------------------------------------- signals
#: Words the "What did they mean?" page skips when it matches a signal against an
#: email (docs/javascripts/decoder.js reads this list from the page), so "the
#: role has been filled" and "role filled" are the same signal. "not" is never one.
SIGNAL_FILLER = frozenset(
    """a about after again all also am an and any are as at be been being both but by can could did do does
    for from had has have having he her here him his how i if in into is it its just me my myself
    now of on once only or other our ours own please really she should so some such than that the their
    them then there these they this those through to us very was we were what when where which while who
    whom will with would you your yours kindly unfortunately regret sadly""".split()
)
SIGNAL_MAX_WORDS = 12
_NEGATIVE = {"won": "will", "can": "can", "shan": "shall"}
_SIGNAL_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def signal_words(phrase: str) -> list[str]:
    """The words of a signal that matching looks for: lower case, contractions
    opened ("won't" -> will not), filler words left out."""
    out = []
    for word in _SIGNAL_WORD.findall(phrase.lower().replace("\u2019", "'")):
        head, _, tail = word.partition("'")
        words = [head]
        if tail == "t" and head.endswith("n"):
            words = [_NEGATIVE.get(head, head[:-1]), "not"]
        out += [w for w in words if w and w not in SIGNAL_FILLER]
    return out


def _signal_phrase(value: str) -> str:
    if any(ch in value for ch in "\"{}<>“”"):
        raise ValueError("write the words only, without quotation marks or brackets")
    n = len(signal_words(value))
    if n < 2:
        raise ValueError(
            f"'{value}' has {'no' if n == 0 else 'only one'} word to recognise once filler words "
            "(the, we, your, ...) are left out; give at least two, like 'filled internally'"
        )
    if len(value.split()) > SIGNAL_MAX_WORDS:
        raise ValueError(f"is {len(value.split())} words long; keep a signal to at most {SIGNAL_MAX_WORDS} words (the typical core of the sentence)")
    return value


SignalPhrase = Annotated[Line, AfterValidator(_signal_phrase)]


class Signal(Strict):
    """A typical wording of a rejection email, and its common variants."""

    phrase: SignalPhrase = Field(
        description="The wording as employers typically put it, in a few words (for example 'filled internally'). "
        "Matching ignores case, punctuation, line breaks, filler words (the, we, your, ...), word endings "
        "('filled' = 'fill') and small changes of word order."
    )
    variants: list[SignalPhrase] = Field(
        default_factory=list,
        description="Other common wordings of the same thing (for example 'internal candidate', 'appointed from within').",
    )
    means: Line | None = Field(
        default=None,
        max_length=200,
        description="What the wording usually means, in one or two plain sentences. Leave it out to show the item's summary.",
    )
    strength: Literal["strong", "medium", "weak"] = Field(
        default="medium",
        description="How surely it points to this item: `strong` (says it outright), `medium`, or `weak` (a hint, such as naming the final interview).",
    )


Signals = Annotated[
    list[Signal],
    Field(
        description="Typical wordings of rejection emails that point to this item, each a `phrase` with optional `variants`, "
        "`means` and `strength`. They are shown on the page, found by the search, and recognised by the "
        "\"What did they mean?\" page (`/decoder/`)."
    ),
]


# --------------------------------------------------------------------------- sources
class Source(Strict):
    title: Line = Field(description="The article's title, as published.")
    publisher: Line = Field(description="Who published it (and the author, if named).")
    date: Line | None = Field(default=None, description="Date as given in the article, or leave out when none is given.")
    url: Annotated[str, StringConstraints(pattern=WEB_ADDRESS)] | None = Field(
        default=None, description="Web address of the article, if known."
    )


class SourcesFile(Strict):
    """`content/sources.yml`: the articles the knowledge base cites."""

    sources: dict[Slug, Source] = Field(description="Source id (a slug) -> the article.")


# --------------------------------------------------------------------------- reasons
class Reason(Item):
    """`content/reasons/<id>.yml`: a reason people are turned down."""

    kind: ClassVar[str] = "reasons"
    position: ClassVar[int] = 3
    singular: ClassVar[str] = "reason"
    heading: ClassVar[str] = "Why it happens"
    intro: ClassVar[str] = "The common reasons people are turned down. Many of them have nothing to do with how well you did."
    shows: ClassVar[tuple[str, ...]] = ("scenarios", "templates", "feedback", "habits", "reasons")
    labels: ClassVar[dict[str, dict[str, str]]] = {
        "in_your_control": {"yes": "Mostly in your control", "partly": "Partly in your control", "no": "Not in your control"},
    }
    refs: ClassVar[dict[str, str]] = {"habits": "habits", "feedback": "feedback", "templates": "templates", "related": "reasons"}

    in_your_control: Literal["yes", "partly", "no"] = Field(
        description="Could the candidate have changed this? `yes`, `partly` or `no`."
    )
    what_it_means: Markdown = Field(description="What this reason says (and does not say) about the candidate. Markdown.")
    what_to_do: list[Markdown] = Field(min_length=1, description="Concrete steps, one per list entry. Markdown.")
    habits: list[Slug] = Field(default_factory=list, description="Ids of resilience habits that help.")
    feedback: list[Slug] = Field(default_factory=list, description="Ids of feedback phrasings that fit.")
    templates: list[Slug] = Field(default_factory=list, description="Ids of email templates that fit.")
    related: list[Slug] = Field(default_factory=list, description="Ids of related reasons.")
    signals: Signals = Field(default_factory=list)


# --------------------------------------------------------------------------- feedback
class Feedback(Item):
    """`content/feedback/<id>.yml`: a way to ask for, or receive, feedback."""

    kind: ClassVar[str] = "feedback"
    position: ClassVar[int] = 4
    singular: ClassVar[str] = "feedback item"
    heading: ClassVar[str] = "Asking for feedback"
    intro: ClassVar[str] = "Ways to ask for feedback, what to ask about, and how to take it well. Also: when it may be better not to ask."
    shows: ClassVar[tuple[str, ...]] = ("templates", "scenarios", "reasons", "feedback")
    labels: ClassVar[dict[str, dict[str, str]]] = {
        "channel": {"email": "By email", "phone": "By phone", "agency": "Through a recruiter", "in-person": "In person", "any": "Any way"},
        "angle": {"skills": "Your skills and examples", "other-applicants": "The other applicants", "interview-style": "Your interview style"},
    }
    refs: ClassVar[dict[str, str]] = {"templates": "templates", "related": "feedback"}

    channel: Literal["email", "phone", "agency", "in-person", "any"] = Field(
        description="How you ask: `email`, `phone`, `agency` (through a recruiter), `in-person` or `any`."
    )
    stage: Literal["asking", "receiving", "no-response", "follow-up"] = Field(
        description="When it applies: `asking` for feedback, `receiving` it, `no-response` (none came), or `follow-up`."
    )
    angle: Literal["skills", "other-applicants", "interview-style"] | None = Field(
        default=None, description="Optional focus of the question: `skills` (your skills and examples), `other-applicants`, or `interview-style`."
    )
    phrasing: list[Text] = Field(
        default_factory=list, description="Words the reader can say or write, one example per entry (plain text)."
    )
    advice: Markdown = Field(description="When and how to use it, and why it works. Markdown.")
    tips: list[Markdown] = Field(default_factory=list, description="Short dos and don'ts. Markdown.")
    templates: list[Slug] = Field(default_factory=list, description="Ids of email templates that carry this phrasing.")
    related: list[Slug] = Field(default_factory=list, description="Ids of related feedback items.")


# --------------------------------------------------------------------------- habits
class Habit(Item):
    """`content/habits/<id>.yml`: a resilience habit."""

    kind: ClassVar[str] = "habits"
    position: ClassVar[int] = 5
    singular: ClassVar[str] = "habit"
    heading: ClassVar[str] = "Looking after yourself"
    intro: ClassVar[str] = "Habits that help you recover from a rejection and keep going with your search."
    shows: ClassVar[tuple[str, ...]] = ("scenarios", "reasons", "habits")
    refs: ClassVar[dict[str, str]] = {"related": "habits"}

    why: Markdown = Field(description="Why this habit helps after a rejection. Markdown.")
    steps: list[Markdown] = Field(min_length=1, description="Concrete steps to practise it, one per entry. Markdown.")
    related: list[Slug] = Field(default_factory=list, description="Ids of related habits.")


# --------------------------------------------------------------------------- templates
class TemplateField(Strict):
    name: Annotated[str, StringConstraints(pattern=FIELD_NAME)] = Field(
        description="Placeholder name used as `{name}` in the subject and body: lower case letters, digits and `_`."
    )
    label: Line = Field(description="Form label shown to the reader.")
    hint: Line | None = Field(default=None, description="Optional help text under the field.")
    example: Line = Field(description="Example value, shown as the placeholder text and in the no-JavaScript version.")
    required: bool = Field(default=True, description="Whether the email is incomplete without it.")
    multiline: bool = Field(default=False, description="Use a multi-line text box.")
    remember: bool = Field(
        default=False,
        description="A personal detail (like your name) that may carry over to other templates when the reader chooses to be remembered on their device.",
    )


class TemplateOption(Strict):
    id: Slug = Field(description="Option id, used by body parts' `option`.")
    label: Line = Field(description="Switch label, for example 'Ask for feedback'.")
    default: bool = Field(default=False, description="Whether the option starts switched on.")


class TemplateTone(Strict):
    id: Slug = Field(description="Tone id, used by body parts' `tone`.")
    label: Line = Field(description="Label, for example 'Formal' or 'Warm'.")


class BodyPart(Strict):
    text: Text = Field(description="A paragraph of the email, plain text with `{placeholders}`.")
    option: Slug | None = Field(default=None, description="Only included when this option is switched on.")
    tone: Slug | None = Field(default=None, description="Only included for this tone.")


class Template(Item):
    """`content/templates/<id>.yml`: an email template with fillable blanks."""

    kind: ClassVar[str] = "templates"
    position: ClassVar[int] = 2
    singular: ClassVar[str] = "template"
    heading: ClassVar[str] = "Email templates"
    intro: ClassVar[str] = "Fill in the blanks, check the preview, then copy the email or open it in your email app. What you type stays on your device."
    shows: ClassVar[tuple[str, ...]] = ("scenarios", "feedback", "reasons", "templates")
    refs: ClassVar[dict[str, str]] = {"related": "templates", "feedback": "feedback"}

    timing: Markdown = Field(description="When to send it. Markdown.")
    subject: Line = Field(description="Subject line, with `{placeholders}`.")
    fields: list[TemplateField] = Field(min_length=1, description="The blanks the reader fills in, in form order.")
    recipient: Annotated[str, StringConstraints(pattern=FIELD_NAME)] | None = Field(
        default=None, description="Name of the field that holds the recipient's email address (used for the 'To' of the mail app link)."
    )
    options: list[TemplateOption] = Field(default_factory=list, description="Optional parts the reader can switch on or off.")
    tones: list[TemplateTone] = Field(default_factory=list, description="Tone variants; the first is the default.")
    body: list[BodyPart] = Field(min_length=1, description="The email's paragraphs, in order.")
    mistakes: list[Markdown] = Field(min_length=1, description="Mistakes to avoid when sending it. Markdown.")
    feedback: list[Slug] = Field(default_factory=list, description="Ids of related feedback phrasings.")
    related: list[Slug] = Field(default_factory=list, description="Ids of related templates.")


def render_body(t: Template, *, tone: str | None, options: set[str], values: dict | None) -> list[str]:
    """Paragraphs of a template's body for a tone and set of options; examples fill blanks when values is None."""
    examples = {f.name: f.example for f in t.fields}
    values = examples if values is None else values
    tone = tone or (t.tones[0].id if t.tones else None)
    out = []
    for part in t.body:
        if part.tone and part.tone != tone:
            continue
        if part.option and part.option not in options:
            continue
        out.append(PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), part.text))
    return out



# --------------------------------------------------------------------------- scenarios
class Step(Strict):
    """A step of a plan: written as Markdown text, or as `{text, email}` when the step names one of the situation's emails."""

    text: Markdown = Field(description="The step. Markdown.")
    email: Slug | None = Field(
        default=None,
        description="Id of one of this situation's `templates`: the step then links to that email, filled in with what the situation knows.",
    )


def _step(value):
    """A step is written as text, or as `{text, email}` when it names an email."""
    return {"text": value} if isinstance(value, str) else value


#: A plan step: Markdown text, or {text, email}.
PlanStep = Annotated[Step, BeforeValidator(_step, json_schema_input_type=Markdown | Step)]


class Steps(Strict):
    today: list[PlanStep] = Field(min_length=1, description="What to do today, one step per entry: Markdown, or `{text, email}` for a step that names an email. Never a safety line (see `wellbeing`).")
    this_week: list[PlanStep] = Field(min_length=1, description="What to do this week (like `today`).")
    before_next_interview: list[PlanStep] = Field(min_length=1, description="What to do before your next interview (like `today`).")


class Scenario(Item):
    """`content/scenarios/<id>.yml`: a situation a reader is in, and a plan."""

    kind: ClassVar[str] = "scenarios"
    position: ClassVar[int] = 1
    singular: ClassVar[str] = "scenario"
    heading: ClassVar[str] = "Situations"
    intro: ClassVar[str] = "Find the situation closest to yours. Each one is a short plan: what it likely means and what to do today, this week and before your next interview."
    shows: ClassVar[tuple[str, ...]] = ("reasons", "templates", "habits", "feedback", "scenarios")
    group_by: ClassVar[str | None] = "stage"
    labels: ClassVar[dict[str, dict[str, str]]] = {
        "stage": {
            "application": "After applying or a phone screen",
            "phone-screen": "After applying or a phone screen",
            "first-interview": "After a first interview",
            "final-round": "After the final round",
            "any": "At any stage",
        },
    }
    refs: ClassVar[dict[str, str]] = {
        "reasons": "reasons",
        "templates": "templates",
        "habits": "habits",
        "feedback": "feedback",
        "related": "scenarios",
    }

    stage: Literal["application", "phone-screen", "first-interview", "final-round", "any"] = Field(
        description="How far the reader got: `application`, `phone-screen`, `first-interview`, `final-round` or `any`."
    )
    also_known_as: list[Line] = Field(
        min_length=1, description="Everyday words people use for this situation, for search (for example 'ghosted', 'never heard back')."
    )
    meaning: Markdown = Field(description="What it likely means. Markdown.")
    steps: Steps
    reasons: list[Slug] = Field(default_factory=list, description="Ids of the likely reasons.")
    templates: list[Slug] = Field(min_length=1, description="Ids of the email templates to send.")
    prefill: dict[Annotated[str, StringConstraints(pattern=FIELD_NAME)], Line] = Field(
        default_factory=dict, description="Template fields this scenario already knows, for example `stage: final interview`."
    )
    habits: list[Slug] = Field(default_factory=list, description="Ids of habits that help.")
    feedback: list[Slug] = Field(default_factory=list, description="Ids of feedback phrasings that fit.")
    related: list[Slug] = Field(default_factory=list, description="Ids of related scenarios.")
    wellbeing: bool = Field(
        default=False,
        description="Show the support box (someone to talk to, the wellbeing service, and what to do if you feel unsafe) at the top of the plan. Safety lines belong there, never in `steps`.",
    )
    signals: Signals = Field(default_factory=list)




# --------------------------------------------------------------------------- finder
class FinderAnswer(Strict):
    id: Slug = Field(description="Answer id, unique within its question; it appears in the finder's web address.")
    label: Line = Field(description="What the reader clicks, in their words.")
    next: Slug | None = Field(default=None, description="Id of the next question (give either `next` or `scenario`).")
    scenario: Slug | None = Field(default=None, description="Id of the situation this answer leads to (give either `next` or `scenario`).")


class FinderQuestion(Strict):
    id: Slug = Field(description="Question id.")
    text: Line = Field(description="The question, short and kind.")
    hint: Line | None = Field(default=None, description="Optional help under the question.")
    answers: list[FinderAnswer] = Field(min_length=2, description="The choices, in order.")


class Finder(Strict):
    """`content/finder.yml`: the guided "What happened?" questions that lead to a situation."""

    intro: Line = Field(description="One or two sentences above the first question.")
    start: Slug = Field(description="Id of the first question.")
    questions: list[FinderQuestion] = Field(min_length=1, description="Every question, in any order.")


#: At most this many questions on the way to any situation.
FINDER_MAX_DEPTH = 4


def kinds_in_order() -> list[type[Item]]:
    """The kinds in the order of the reader's navigation."""
    return sorted(KINDS.values(), key=lambda m: m.position)
