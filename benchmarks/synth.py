"""Write a synthetic, valid knowledge base of N items: python -m benchmarks.synth N DIR.

The result passes `make check CONTENT=DIR` and builds with `make build
CONTENT=DIR`. It is meant for measuring how the build scales, so it imitates
real content in shape, not in wording:

* kinds: about 25% habits, 20% reasons, 20% feedback, 15% templates and 20%
  scenarios (at least one of each);
* field sizes like content/: one-line titles and summaries, Markdown
  paragraphs of 2-5 sentences, 2-6 steps, template emails of roughly 50-120
  words with placeholders, options and tones;
* cross-links like content/: each scenario names 2-4 reasons, 1-3 templates,
  2-4 habits and 1-3 feedback items, and every kind has `related` links. Items
  belong to topics of about 50 items and most links stay inside the topic (as
  in a real knowledge base that grows by subject), so the number of links into
  any one page does not grow with N;
* sources.yml (about one source per 15 items) and a finder.yml that reaches
  every scenario through a balanced tree of at most 4 questions.

The text is plain filler made from a small vocabulary. Output is deterministic:
the same N and --seed give the same bytes.
"""
from __future__ import annotations

import argparse
import math
import random
import shutil
import sys
from pathlib import Path

import yaml

from generator.parallel import split

#: kind -> share of the items, in the order the remainder is handed out.
SHARES = {"habits": 0.25, "reasons": 0.20, "feedback": 0.20, "scenarios": 0.20, "templates": 0.15}
KINDS = ("reasons", "feedback", "habits", "templates", "scenarios")
TOPIC_SIZE = 50      # items per topic; most links stay inside a topic
LOCAL_LINKS = 0.85   # share of links that stay inside the topic
ITEMS_PER_SOURCE = 15
FINDER_MAX_DEPTH = 4
FINDER_BRANCHING = 8  # aim for about this many answers per question

# --------------------------------------------------------------------------- words
ADJECTIVES = (
    "calm", "steady", "clear", "short", "honest", "quiet", "simple", "fresh", "patient", "careful",
    "friendly", "busy", "open", "brief", "gentle", "early", "late", "useful", "small", "bright",
    "slow", "warm", "practical", "hopeful", "modest", "regular", "tidy", "kind", "solid", "flexible",
)
NOUNS = (
    "plan", "note", "habit", "answer", "example", "question", "routine", "goal", "walk", "list",
    "meeting", "project", "skill", "story", "review", "reply", "call", "week", "morning", "team",
    "portfolio", "profile", "network", "interview", "application", "offer", "course", "journal", "check-in", "summary",
)
VERBS = (
    "keep", "build", "write", "plan", "share", "practise", "review", "try", "track", "prepare",
    "update", "start", "finish", "repeat", "collect", "name", "sort", "test", "read", "choose",
)
SUBJECTS = (
    "You", "Your recruiter", "The hiring team", "A friend", "Most employers", "The interviewer",
    "A careers adviser", "Your manager", "Many people", "A mentor", "The panel", "Someone you trust",
)
PREDICATES = (
    "can share", "may notice", "may ask about", "will remember", "might value", "will look for",
    "can help with", "might forget", "could mention", "can talk about", "may point to", "will welcome",
)
OBJECTS = (
    "a clear example", "your recent project", "the next step", "a short note", "one small change",
    "the skills you used", "a kind word", "the main reason", "a simple plan", "your best answer",
    "the role itself", "a fresh start", "the questions you asked", "a steady routine", "your strengths",
)
TAILS = (
    "after the interview", "this week", "before you apply again", "when you feel ready", "in a few days",
    "over time", "at the end of the day", "without any fuss", "if you ask politely", "for the next round",
    "once the news sinks in", "in plain words", "step by step", "with a little practice", "",
)
TAGS = ("Wellbeing", "Mindset", "Job search", "Interviews", "Confidence", "Planning", "People", "Skills")
STAGES = ("application", "phone-screen", "first-interview", "final-round", "any")
STAGE_WORDS = {
    "application": "the application", "phone-screen": "the phone screen", "first-interview": "the first interview",
    "final-round": "the final round", "any": "any stage",
}
CHANNELS = ("email", "phone", "agency", "in-person", "any")
FEEDBACK_STAGES = ("asking", "receiving", "no-response", "follow-up")
ANGLES = (None, None, "skills", "other-applicants", "interview-style")
FIRST_NAMES = ("Alex", "Robin", "Chris", "Jamie", "Morgan", "Taylor", "Casey", "Jordan", "Riley", "Dana")
LAST_NAMES = ("Morgan", "Patel", "Okafor", "Nguyen", "Schmidt", "Rossi", "Kowalski", "Silva", "Haddad", "Berg")
COMPANIES = ("Northwind Studio", "Bluebell Foods", "Granite Labs", "Willow Transport", "Maple Health", "Copperline Media")
ROLES = ("Project Coordinator", "Junior Designer", "Support Analyst", "Office Manager", "Data Assistant", "Sales Associate")


class Writer:
    """One synthetic knowledge base, built in memory, then written out."""

    def __init__(self, n: int, seed: int = 1):
        if n < len(KINDS):
            raise ValueError(f"N must be at least {len(KINDS)} (one item of each kind), not {n}")
        self.n = n
        self.rng = random.Random(seed)
        self.counts = kind_counts(n)
        self.topics = max(1, round(n / TOPIC_SIZE))
        self.ids: dict[str, list[str]] = {}
        self.topic_of: dict[tuple[str, str], int] = {}
        self.members: dict[tuple[str, int], list[str]] = {}
        for kind in KINDS:
            count = self.counts[kind]
            ids = [self.slug(kind, i) for i in range(count)]
            self.ids[kind] = ids
            for i, item_id in enumerate(ids):
                topic = i * self.topics // count
                self.topic_of[(kind, item_id)] = topic
                self.members.setdefault((kind, topic), []).append(item_id)
        self.sources = [f"source-{i + 1}-{self.rng.choice(NOUNS).replace('-', '')}" for i in range(max(3, n // ITEMS_PER_SOURCE))]

    # ------------------------------------------------------------------ text
    def slug(self, kind: str, i: int) -> str:
        words = [self.rng.choice(ADJECTIVES), self.rng.choice(NOUNS)]
        return f"{words[0]}-{words[1]}-{kind[:3]}-{i + 1}"

    def sentence(self, markdown: bool = False) -> str:
        r = self.rng
        obj = r.choice(OBJECTS)
        if markdown and r.random() < 0.15:
            obj = f"**{obj}**"
        words = [r.choice(SUBJECTS), r.choice(PREDICATES), obj, r.choice(TAILS)]
        if r.random() < 0.4:
            adj = r.choice(ADJECTIVES)
            words.append(f"and {r.choice(VERBS)} {r.choice((article(adj), 'the', 'one'))} {adj} {r.choice(NOUNS)}")
        return " ".join(w for w in words if w) + "."

    def paragraph(self, lo: int, hi: int, markdown: bool = True) -> str:
        return " ".join(self.sentence(markdown) for _ in range(self.rng.randint(lo, hi)))

    def step(self) -> str:
        r = self.rng
        adj = r.choice(ADJECTIVES)
        text = f"{r.choice(VERBS).capitalize()} {r.choice((article(adj), 'one', 'your'))} {adj} {r.choice(NOUNS)} {r.choice(TAILS)}".strip() + "."
        if r.random() < 0.5:
            text += " " + self.sentence(markdown=True)
        return text

    def title(self, kind: str) -> str:
        r = self.rng
        adj, noun, verb = r.choice(ADJECTIVES), r.choice(NOUNS), r.choice(VERBS)
        if kind == "habits":
            return f"{verb.capitalize()} a {adj} {noun}"
        if kind == "reasons":
            return f"They wanted a more {adj} {noun}"
        if kind == "feedback":
            return f"Ask about your {noun} by {r.choice(('email', 'phone', 'a short call', 'a recruiter'))}"
        if kind == "templates":
            return f"{article(adj).capitalize()} {adj} {noun} after {r.choice(list(STAGE_WORDS.values()))}"
        return f"Turned down after {article(adj)} {adj} {noun}"

    def summary(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 2)))

    def person(self) -> tuple[str, str]:
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        return f"{first} {last}", f"{first.lower()}.{last.lower()}@example.com"

    # ------------------------------------------------------------------ links
    def pick(self, kind: str, lo: int, hi: int, near: tuple[str, str], exclude: str | None = None) -> list[str]:
        """lo..hi distinct ids of `kind`, mostly from the topic of `near`, never `exclude`."""
        r = self.rng
        topic = self.topic_of[near]  # topic t of every kind holds the t-th slice of its items
        local = [i for i in self.members.get((kind, topic), []) if i != exclude]
        everyone = [i for i in self.ids[kind] if i != exclude] if len(self.ids[kind]) <= 2 * TOPIC_SIZE else None
        available = len(self.ids[kind]) - (1 if exclude in self.ids[kind] else 0)
        want = min(r.randint(lo, hi), available)
        out: list[str] = []
        tries = 0
        while len(out) < want and tries < 50 * (want + 1):
            tries += 1
            if local and r.random() < LOCAL_LINKS:
                choice = r.choice(local)
            elif everyone is not None:
                choice = r.choice(everyone)
            else:
                choice = self.ids[kind][r.randrange(len(self.ids[kind]))]
            if choice != exclude and choice not in out:
                out.append(choice)
        return out

    def common(self, kind: str, item_id: str) -> dict:
        r = self.rng
        data = {
            "title": self.title(kind),
            "summary": self.summary(),
            "sources": r.sample(self.sources, r.randint(1, min(3, len(self.sources)))),
        }
        if r.random() < 0.35:
            data["tags"] = r.sample(TAGS, r.randint(1, 2))
        return data

    # ------------------------------------------------------------------ kinds
    def reason(self, item_id: str) -> dict:
        me = ("reasons", item_id)
        data = self.common("reasons", item_id)
        data |= {
            "in_your_control": self.rng.choice(("yes", "partly", "no")),
            "what_it_means": self.paragraph(3, 5),
            "what_to_do": [self.step() for _ in range(self.rng.randint(2, 5))],
            "habits": self.pick("habits", 1, 4, me),
            "feedback": self.pick("feedback", 0, 2, me),
            "templates": self.pick("templates", 0, 2, me),
            "related": self.pick("reasons", 0, 3, me, exclude=item_id),
        }
        return data

    def feedback(self, item_id: str) -> dict:
        r = self.rng
        me = ("feedback", item_id)
        data = self.common("feedback", item_id)
        data |= {"channel": r.choice(CHANNELS), "stage": r.choice(FEEDBACK_STAGES)}
        angle = r.choice(ANGLES)
        if angle:
            data["angle"] = angle
        data |= {
            "phrasing": [f"Could you tell me about {r.choice(OBJECTS)} {r.choice(TAILS)}".strip() + "?" for _ in range(r.randint(0, 5))],
            "advice": self.paragraph(3, 5),
            "tips": [self.sentence(markdown=True) for _ in range(r.randint(0, 4))],
            "templates": self.pick("templates", 0, 2, me),
            "related": self.pick("feedback", 0, 4, me, exclude=item_id),
        }
        return data

    def habit(self, item_id: str) -> dict:
        me = ("habits", item_id)
        data = self.common("habits", item_id)
        data |= {
            "why": self.paragraph(2, 4),
            "steps": [self.step() for _ in range(self.rng.randint(2, 6))],
            "related": self.pick("habits", 0, 4, me, exclude=item_id),
        }
        return data

    def template(self, item_id: str) -> dict:
        r = self.rng
        me = ("templates", item_id)
        data = self.common("templates", item_id)
        name, email = self.person()
        contact, contact_email = self.person()
        fields = [
            {"name": "your_name", "label": "Your name", "example": name, "remember": True},
            {"name": "contact_name", "label": "Their name", "hint": "The person who interviewed you.", "example": contact},
        ]
        with_email = r.random() < 0.8
        if with_email:
            fields.append({"name": "contact_email", "label": "Their email address", "example": contact_email})
        fields += [
            {"name": "company", "label": "Company", "example": r.choice(COMPANIES)},
            {"name": "role", "label": "Job title", "example": r.choice(ROLES)},
        ]
        with_date = r.random() < 0.5
        if with_date:
            fields.append({"name": "interview_date", "label": "Date of your interview", "example": f"Monday {r.randint(1, 28)} May"})
        options, tones = [], []
        if r.random() < 0.6:
            options.append({"id": "mention-detail", "label": "Mention something you enjoyed", "default": True})
            fields.append({"name": "detail", "label": "Something you enjoyed", "example": f"hearing about the {r.choice(NOUNS)}", "required": False})
        if r.random() < 0.4:
            options.append({"id": "add-contact", "label": "Add your phone number"})
            fields.append({"name": "your_phone", "label": "Your phone number", "example": f"07700 900{r.randint(100, 999)}", "required": False, "remember": True})
        if r.random() < 0.6:
            tones = [{"id": "warm", "label": "Warm"}, {"id": "formal", "label": "Formal"}]

        body = []
        if tones:
            body += [{"text": "Hi {contact_name},", "tone": "warm"}, {"text": "Dear {contact_name},", "tone": "formal"}]
        else:
            body.append({"text": "Hello {contact_name},"})
        body.append({"text": "Thank you for letting me know about the {role} role at {company}. " + self.sentence()})
        if with_date:
            body.append({"text": "It was good to meet you on {interview_date}. " + self.sentence()})
        if options and options[0]["id"] == "mention-detail":
            body.append({"text": "I especially enjoyed {detail}.", "option": "mention-detail"})
        middle = {"text": self.sentence()}
        body.append(middle)
        if any(o["id"] == "add-contact" for o in options):
            body.append({"text": "You can reach me on {your_phone}.", "option": "add-contact"})
        if tones:
            body += [{"text": "All the best,", "tone": "warm"}, {"text": "Kind regards,", "tone": "formal"}]
        else:
            body.append({"text": "Best wishes,"})
        body.append({"text": "{your_name}"})
        # Grow the middle paragraph up to a target length, always under the 150-word limit.
        target = r.randint(50, 120)
        examples = {f["name"]: f["example"] for f in fields}
        while True:
            extra = self.sentence()
            trial = dict(middle, text=middle["text"] + " " + extra)
            body_trial = [trial if p is middle else p for p in body]
            if max(email_words(body_trial, examples, tone) for tone in ([t["id"] for t in tones] or [None])) > target:
                break
            body[body.index(middle)] = middle = trial
        data |= {
            "timing": self.paragraph(2, 3),
            "subject": r.choice(("Thank you: {role} at {company}", "The {role} role at {company}", "Following up on the {role} role")),
            "fields": fields,
        }
        if with_email:
            data["recipient"] = "contact_email"
        if options:
            data["options"] = options
        if tones:
            data["tones"] = tones
        data |= {
            "body": body,
            "mistakes": [self.sentence(markdown=True) for _ in range(r.randint(2, 4))],
            "feedback": self.pick("feedback", 0, 2, me),
            "related": self.pick("templates", 0, 3, me, exclude=item_id),
        }
        return data

    def scenario(self, item_id: str) -> dict:
        r = self.rng
        me = ("scenarios", item_id)
        data = self.common("scenarios", item_id)
        data |= {
            "stage": r.choice(STAGES),
            "also_known_as": sorted({f"{r.choice(ADJECTIVES)} {r.choice(NOUNS)}" for _ in range(r.randint(3, 8))}),
            "meaning": self.paragraph(3, 5),
            "steps": {
                "today": [self.step() for _ in range(r.randint(2, 4))],
                "this_week": [self.step() for _ in range(r.randint(2, 4))],
                "before_next_interview": [self.step() for _ in range(r.randint(2, 4))],
            },
            "reasons": self.pick("reasons", 2, 4, me),
            "templates": self.pick("templates", 1, 3, me),
        }
        if r.random() < 0.3:
            data["prefill"] = {"role": r.choice(ROLES)}
        data |= {
            "habits": self.pick("habits", 2, 4, me),
            "feedback": self.pick("feedback", 1, 3, me),
            "related": self.pick("scenarios", 0, 3, me, exclude=item_id),
        }
        if r.random() < 0.2:
            data["wellbeing"] = True
        return data

    def source(self, i: int) -> dict:
        r = self.rng
        data = {
            "title": f"How to handle a {r.choice(NOUNS)} that went {r.choice(ADJECTIVES)} ...",
            "publisher": f"{r.choice(LAST_NAMES)} {r.choice(('Careers', 'Recruitment', 'Magazine', 'Jobs Blog'))}",
        }
        if r.random() < 0.7:
            data["date"] = f"{r.randint(1, 28)} {r.choice(('March', 'June', 'October'))} {r.randint(2019, 2025)}"
        if r.random() < 0.7:
            data["url"] = f"https://example.org/articles/{self.sources[i]}"
        return data

    # ------------------------------------------------------------------ finder
    def finder(self) -> dict:
        scenarios = self.ids["scenarios"]
        titles = self._titles["scenarios"]
        depth = max(1, min(FINDER_MAX_DEPTH, math.ceil(math.log(max(2, len(scenarios))) / math.log(FINDER_BRANCHING))))
        branching = max(2, math.ceil(len(scenarios) ** (1 / depth)))
        while branching ** depth < len(scenarios):
            branching += 1
        questions: list[dict] = []
        texts = ("What happened?", "Which sounds closest?", "How did it end?", "What did they tell you?", "Where are you now?")

        def question(qid: str, items: list[str], level: int) -> None:
            q = {"id": qid, "text": texts[level % len(texts)], "answers": []}
            questions.append(q)
            groups = split(items, branching)  # one item each, when there are few
            for g, group in enumerate(groups, 1):
                if len(group) == 1:
                    label = titles[group[0]]
                    q["answers"].append({"id": f"a{g}", "label": label, "scenario": group[0]})
                else:
                    label = f"Something like: {titles[group[0]].lower()}"
                    q["answers"].append({"id": f"a{g}", "label": label, "next": f"{qid}-{g}"})
                    question(f"{qid}-{g}", group, level + 1)
            if len(q["answers"]) == 1:  # one scenario in all: a question needs two answers
                q["answers"].append({"id": "a2", "label": "Something else", "scenario": items[0]})

        question("q", scenarios, 0)
        return {
            "intro": "Answer a few quick questions and we will point you to a plan for your situation.",
            "start": "q",
            "questions": questions,
        }

    # ------------------------------------------------------------------ all
    def build(self) -> dict[str, str]:
        """Relative path -> file text."""
        makers = {"reasons": self.reason, "feedback": self.feedback, "habits": self.habit, "templates": self.template, "scenarios": self.scenario}
        files: dict[str, str] = {}
        self._titles: dict[str, dict[str, str]] = {}
        for kind in KINDS:
            self._titles[kind] = {}
            for item_id in self.ids[kind]:
                data = makers[kind](item_id)
                self._titles[kind][item_id] = data["title"]
                files[f"{kind}/{item_id}.yml"] = dump(data, f"../../schema/{kind}.schema.json")
        sources = {sid: self.source(i) for i, sid in enumerate(self.sources)}
        files["sources.yml"] = dump({"sources": sources}, "../schema/sources.schema.json")
        files["finder.yml"] = dump(self.finder(), "../schema/finder.schema.json")
        return files


def article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def kind_counts(n: int) -> dict[str, int]:
    """Items per kind: the shares in SHARES, at least one each, summing to n."""
    counts = {k: max(1, int(n * share)) for k, share in SHARES.items()}
    while sum(counts.values()) < n:
        kind = max(SHARES, key=lambda k: n * SHARES[k] - counts[k])
        counts[kind] += 1
    while sum(counts.values()) > n:
        kind = max((k for k in SHARES if counts[k] > 1), key=lambda k: counts[k] - n * SHARES[k])
        counts[kind] -= 1
    return counts


def email_words(body: list[dict], examples: dict[str, str], tone: str | None) -> int:
    """Words in an email with every option on (as the validator counts them)."""
    words = 0
    for part in body:
        if part.get("tone") and part["tone"] != tone:
            continue
        text = part["text"]
        for name, value in examples.items():
            text = text.replace("{" + name + "}", value)
        words += len(text.split())
    return words


def dump(data: dict, schema: str) -> str:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88, default_flow_style=False)
    return f"# yaml-language-server: $schema={schema}\n{text}"


def write(n: int, folder: Path, *, seed: int = 1, force: bool = False) -> dict[str, int]:
    """Write the knowledge base into `folder`; returns the items per kind."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        if not force:
            raise FileExistsError(f"{folder} is not empty (use --force to replace a knowledge base there)")
        for kind in KINDS:
            shutil.rmtree(folder / kind, ignore_errors=True)
    writer = Writer(n, seed)
    for rel, text in writer.build().items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return writer.counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synth", description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of items (at least 5)")
    parser.add_argument("dir", type=Path, help="folder to write the knowledge base into (empty or new)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--force", action="store_true", help="replace the items in a non-empty folder")
    args = parser.parse_args(argv)
    try:
        counts = write(args.n, args.dir, seed=args.seed, force=args.force)
    except (ValueError, FileExistsError) as exc:
        print(f"benchmarks.synth: {exc}", file=sys.stderr)
        return 2
    print(f"{args.dir}: wrote {args.n} items ({', '.join(f'{v} {k}' for k, v in counts.items())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
