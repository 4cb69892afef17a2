"""Synthetic, valid casebook data: N cases across 40 lessons, written as real YAML files.

Everything is drawn from a random generator seeded per item, so case number `i` is the
same file whatever N is, and a case only ever names lessons and *earlier* cases: any
prefix of the data set (the first N cases) is itself a valid casebook. That lets every
comparison use its own N without the sets disagreeing.

The text is pseudo-English from a fixed word list, sized like the hand-written cases in
`cases/`: a few paragraphs per Markdown field (with emphasis, quotes, lists and links),
a timeline of 3 to 8 steps, 2 to 5 lessons (stances on every lesson of a mixed case,
notes on most), discussion questions, tags, related cases and sources. Channels, sectors
and themes come from `casebook.check.schema.DEFAULT_VOCABULARIES`. No text looks like an email
address or a phone number, so the validator's review hints stay quiet.
"""

from __future__ import annotations

import json
import os
import random
import re

from casebook.check.schema import DEFAULT_VOCABULARIES, SIZES

SEED = 20240521
LESSON_COUNT = 40

CHANNELS = DEFAULT_VOCABULARIES["channels"]
SECTORS = DEFAULT_VOCABULARIES["sectors"]
THEMES = DEFAULT_VOCABULARIES["themes"]

_WORDS = """
the customer business order delivery refund parcel manager shop support team reply email
call queue agent apology promise delay week morning evening account invoice complaint
review service product replacement warranty store website message voicemail chat letter
policy exception receipt courier address stock discount voucher return credit price
fault repair engineer appointment booking ticket update follow-up reference case note
owner staff colleague supervisor branch counter desk checkout basket subscription plan
contract fee charge balance payment card bank statement notice reminder survey rating
quickly slowly politely firmly clearly again later finally instead already never always
waited asked explained promised offered refused apologised answered ignored escalated
checked confirmed cancelled replaced repaired refunded shipped returned posted wrote
phoned visited complained thanked noticed expected wanted needed received opened closed
about after before during without within because while although until since unless
small large long short new old first second third last next other same whole simple
friendly angry patient tired confused relieved annoyed grateful disappointed surprised
""".split()
_NOUNS = """
order delivery refund parcel reply email call queue apology promise delay invoice
complaint review product replacement warranty voucher return credit repair appointment
booking ticket subscription contract fee charge payment statement notice reminder survey
""".split()
_VERBS = """
waited asked explained promised offered refused apologised answered ignored escalated
checked confirmed cancelled replaced repaired refunded shipped returned posted wrote
phoned visited complained thanked noticed expected wanted needed received
""".split()
_ADJ = """
small large long short new old simple friendly angry patient tired confused relieved
annoyed grateful disappointed surprised late missing broken wrong damaged duplicate
""".split()
_NAME_A = """
North South East West River Hill Oak Maple Cedar Harbour Bridge Stone Copper Silver Blue
Green Red Amber Bright Clear Swift Gold Iron Lake Meadow Summit Valley Willow Birch Elm
""".split()
_NAME_B = """
Outfitters Supplies Telecom Energy Travel Books Games Bikes Garden Kitchens Furniture
Pharmacy Clinic Academy Insurance Bank Media Software Studios Photo Foods Bakery Cafe
Hotel Airways Rail Motors Repairs Cleaners Fitness Cinema
""".split()
_WHO = ("customer", "business", "manager", "support agent", "courier", "owner", "customer's partner")
_WHEN = ("Monday morning", "Monday evening", "Tuesday", "The next day", "Two days later", "That afternoon",
         "A week later", "The following week", "Within an hour", "Later that day", "At the weekend",
         "The same evening", "Ten days later", "A month later", "Afterwards")
_TAGS = tuple(sorted({f"{a}-{n}" for a in _ADJ[:12] for n in _NOUNS[:8]}))[:90] + tuple(_NOUNS)
_LESSON_VERBS = ("Acknowledge", "Own", "Answer", "Keep", "Fix", "Explain", "Offer", "Follow up on",
                 "Apologise for", "Escalate", "Check", "Confirm", "Honour", "Track", "Share",
                 "Protect", "Simplify", "Personalise", "Measure", "Close")
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.'?()-]*[A-Za-z0-9.'?)]$")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


def scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when that is safe, double-quoted otherwise."""
    if _PLAIN.match(text) and ": " not in text and " #" not in text and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _wrap(text: str, indent: str, width: int = 88) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(indent + line)
    return lines


class Text:
    """Pseudo-English from one random generator."""

    def __init__(self, rnd: random.Random):
        self.r = rnd

    def sentence(self, lo: int = 8, hi: int = 20, end: str = ".") -> str:
        r = self.r
        words = r.choices(_WORDS, k=r.randint(lo, hi))
        if len(words) > 10 and r.random() < 0.4:
            words[r.randint(3, len(words) - 4)] += ","
        if len(words) < 4:
            pass
        elif r.random() < 0.15:
            i = r.randrange(1, len(words) - 1)
            words[i] = f"*{words[i].rstrip(',')}*"
        elif r.random() < 0.08:
            i = r.randrange(1, len(words) - 1)
            words[i] = f"**{words[i].rstrip(',')}**"
        text = " ".join(words).rstrip(",")
        return text[0].upper() + text[1:] + end

    def plain_sentence(self, lo: int = 8, hi: int = 20, end: str = ".") -> str:
        return self.sentence(lo, hi, end).replace("*", "")

    def paragraph(self, lo: int = 3, hi: int = 6) -> str:
        r = self.r
        parts = [self.sentence() for _ in range(r.randint(lo, hi))]
        if r.random() < 0.2:
            slug = "-".join(r.choices(_NOUNS, k=3))
            i = r.randrange(len(parts))
            parts[i] = parts[i][:-1] + f" ([source](https://example.com/{slug}))."
        return " ".join(parts)

    def markdown(self, lo: int, hi: int) -> list[str]:
        """Markdown blocks (paragraphs, a quote or a list), one string per block."""
        r = self.r
        blocks = [self.paragraph() for _ in range(r.randint(lo, hi))]
        if r.random() < 0.35:
            quote = " ".join(self.plain_sentence() for _ in range(r.randint(2, 4)))
            blocks.insert(r.randint(1, len(blocks)), "> " + quote)
        if r.random() < 0.3:
            blocks.append("\n".join("- " + self.plain_sentence(5, 12) for _ in range(r.randint(2, 4))))
        return blocks

    def one_line(self, lo: int, hi: int, limit: int) -> str:
        return self.plain_sentence(lo, hi, end="")[:limit].strip()


def _block(key: str, blocks: list[str], indent: str = "") -> list[str]:
    """A literal block scalar (`key: |`) holding Markdown blocks separated by blank lines."""
    lines = [f"{indent}{key}: |"]
    inner = indent + "  "
    for n, block in enumerate(blocks):
        if n:
            lines.append("")
        for raw in block.split("\n"):
            if raw.startswith("> "):
                wrapped = _wrap(raw[2:], "", 86)
                lines.extend(inner + "> " + w for w in wrapped)
            elif raw.startswith("- "):
                wrapped = _wrap(raw[2:], "", 86)
                lines.append(inner + "- " + wrapped[0])
                lines.extend(inner + "  " + w for w in wrapped[1:])
            else:
                lines.extend(_wrap(raw, inner))
    return lines


def _folded(key: str, text: str, indent: str = "") -> list[str]:
    return [f"{indent}{key}: >-", *_wrap(text, indent + "  ")]


def _date(r: random.Random) -> str:
    year = r.randint(2005, 2024)
    kind = r.random()
    if kind < 0.25:
        return str(year)
    if kind < 0.7:
        return f"{year}-{r.randint(1, 12):02d}"
    return f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"


def lesson_ids(count: int = LESSON_COUNT) -> list[str]:
    ids = []
    for k in range(count):
        r = random.Random(SEED * 7 + k)
        verb = _LESSON_VERBS[k % len(_LESSON_VERBS)].lower().replace(" ", "-")
        ids.append(f"{verb}-the-{r.choice(_NOUNS)}-{k:02d}")
    return ids


def lesson_yaml(k: int, ids: list[str]) -> str:
    r = random.Random(SEED * 11 + k)
    t = Text(r)
    verb = _LESSON_VERBS[k % len(_LESSON_VERBS)]
    noun = ids[k].split("-the-")[1].rsplit("-", 1)[0]
    lines = [
        "# yaml-language-server: $schema=../../schema/lesson.schema.json",
        f"title: {scalar(f'{verb} the {noun} ' + t.one_line(3, 8, 60).lower())}",
        f"theme: {THEMES[k % len(THEMES)]}",
        *_folded("summary", " ".join(t.plain_sentence(8, 16) for _ in range(2))[:390].rsplit(" ", 1)[0] + "."),
        *_block("why", t.markdown(2, 3)),
        "do:",
        *(f"  - {scalar(t.plain_sentence(5, 12))}" for _ in range(r.randint(3, 5))),
        "avoid:",
        *(f"  - {scalar(t.plain_sentence(5, 12))}" for _ in range(r.randint(2, 4))),
    ]
    others = [i for i in r.sample(range(len(ids)), 3) if i != k][: r.randint(0, 3)]
    if others:
        lines.append("related:")
        lines.extend(f"  - {ids[i]}" for i in others)
    if r.random() < 0.5:
        lines += ["sources:", f"  - title: {scalar(t.one_line(3, 7, 80))}",
                  f"    url: https://example.com/guides/{ids[k]}", f"    published: {_date(r)}"]
    # Front-line wording last and fixed, so the rest of the corpus stays as it was.
    lines += ["say:", "  - I'm sorry about this; here is what I will do next.", "dont_say:", "  - That is our policy."]
    return "\n".join(lines) + "\n"


#: Lesson popularity: a few lessons are taught by many cases (Zipf-like), as in real casebooks.
_LESSON_WEIGHTS = [1.0 / (1 + k) ** 0.8 for k in range(LESSON_COUNT)]


def case_id(i: int) -> str:
    r = random.Random(SEED * 13 + i)
    return f"case-{i:05d}-{r.choice(_NAME_A).lower()}-{r.choice(_NAME_B).lower()}"


_ONSETS = "bdfgklmnprstvz"
_VOWELS = "aeiou"
#: Made-up words a case's text names (a product, a place...) that no other case uses, as real
#: cases name things of their own; the search benchmark looks cases up by them.
RARE_WORDS = 6


def rare_word(n: int) -> str:
    """The `n`-th made-up word: three syllables, never an English word of the word list."""
    syllables = [o + v for o in _ONSETS for v in _VOWELS]
    a, rest = divmod(n, len(syllables) ** 2)
    b, c = divmod(rest, len(syllables))
    return (syllables[a % len(syllables)] + syllables[b] + syllables[c] + "x").capitalize()


def rare_words(i: int) -> list[str]:
    """The made-up words of case `i`."""
    return [rare_word(i * RARE_WORDS + k) for k in range(RARE_WORDS)]


def case_yaml(i: int, ids: list[str]) -> str:
    """Case number `i` (0-based) as YAML; it only names lessons in `ids` and cases before it."""
    r = random.Random(SEED * 17 + i)
    t = Text(r)
    my_id = case_id(i)
    parts = my_id.split("-")
    business = f"{parts[2].capitalize()} {parts[3].capitalize()}"
    verdict = r.choices(("good", "bad", "mixed"), weights=(40, 45, 15))[0]
    channels = r.sample(CHANNELS, r.randint(1, 3))
    adj, noun, verb = r.choice(_ADJ), r.choice(_NOUNS), r.choice(_VERBS)
    title = f"{business} {verb} a {adj} {noun} " + t.one_line(2, 6, 50).lower()
    lines = [
        "# yaml-language-server: $schema=../schema/case.schema.json",
        f"title: {scalar(title[:118].strip())}",
        *_folded("summary", " ".join(t.plain_sentence(10, 18) for _ in range(3))[:395].rsplit(" ", 1)[0] + "."),
        f"verdict: {verdict}",
    ]
    if r.random() < 0.9:
        lines.append(f"date: {_date(r)}")
    lines += ["business:", f"  name: {scalar(business)}", f"  sector: {r.choice(SECTORS)}"]
    if r.random() < 0.6:
        lines.append(f"  size: {r.choice(SIZES)}")
    if r.random() < 0.8:
        lines.append(f"customer: {scalar('A ' + t.one_line(4, 9, 90).lower())}")
    lines += ["channels:", *(f"  - {c}" for c in channels)]
    happened = t.markdown(2, 4)
    happened[0] += " The customer's notes name " + ", ".join(rare_words(i)) + "."
    lines += _block("what_happened", happened)
    lines += _block("response", t.markdown(1, 3))
    lines += _block("outcome", t.markdown(1, 2))
    lines.append("timeline:")
    for n in range(r.randint(3, 8)):
        lines.append(f"  - when: {scalar(_WHEN[min(n * 2 + r.randint(0, 1), len(_WHEN) - 1)])}")
        lines.append(f"    who: {scalar(r.choice(_WHO))}")
        if r.random() < 0.75:
            lines.append(f"    channel: {r.choice(channels)}")
        lines.append(f"    what: {scalar(t.plain_sentence(8, 22))}")
    # 2-5 lessons; lesson i % 40 always, so every lesson is used once there are 40 cases.
    chosen = [i % len(ids)]
    want = r.randint(2, 5)
    while len(chosen) < want:
        k = r.choices(range(len(ids)), weights=_LESSON_WEIGHTS[: len(ids)])[0]
        if k not in chosen:
            chosen.append(k)
    lines.append("lessons:")
    for k in chosen:
        stance = None
        if verdict == "mixed":
            stance = "followed" if (k + i) % 2 else "broken"
        elif r.random() < 0.25:
            stance = r.choice(("followed", "broken"))
        note = r.random() < 0.7
        if stance is None and not note:
            lines.append(f"  - {ids[k]}")
            continue
        lines.append(f"  - id: {ids[k]}")
        if stance:
            lines.append(f"    stance: {stance}")
        if note:
            lines += _folded("note", " ".join(t.sentence(10, 20) for _ in range(r.randint(2, 3))), "    ")
    lines.append("discussion:")
    lines.extend(f"  - {scalar(t.plain_sentence(8, 18, end='?'))}" for _ in range(r.randint(2, 4)))
    lines += ["tags:", *(f"  - {tag}" for tag in r.sample(_TAGS, r.randint(2, 5)))]
    if i and r.random() < 0.5:
        lines.append("related:")
        earlier = sorted({max(0, i - r.randint(1, 50)) for _ in range(r.randint(1, 3))})
        lines.extend(f"  - {case_id(j)}" for j in earlier)
    # Provenance takes nothing from `r`, so the rest of the corpus stays as it was.
    # Both sides are known, so no title is flagged as one-sided.
    lines += ["provenance:", f"  told_by: {('customer', 'reporter', 'employee')[i % 3]}",
              f"  witness: {('first-hand', 'second-hand')[i % 2]}", "  business_side: given",
              "  business_side_where: In a reply under the post"]
    lines.append("sources:")
    for _ in range(r.randint(1, 2)):
        slug = "-".join(r.choices(_NOUNS, k=3))
        lines += [f"  - title: {scalar(t.one_line(3, 8, 80))}", f"    url: https://example.com/{slug}",
                  f"    author: {scalar(t.one_line(2, 3, 40))}", f"    published: {_date(r)}"]
    return "\n".join(lines) + "\n"


def write_casebook(cases_dir: str, n_cases: int, n_lessons: int = LESSON_COUNT) -> int:
    """Write cases 0..n_cases-1 and the lessons into `cases_dir`; return the bytes written."""
    ids = lesson_ids(n_lessons)
    lessons_dir = os.path.join(cases_dir, "lessons")
    os.makedirs(lessons_dir, exist_ok=True)
    total = 0
    for k, lesson in enumerate(ids):
        text = lesson_yaml(k, ids)
        total += len(text)
        with open(os.path.join(lessons_dir, f"{lesson}.yml"), "w", encoding="utf-8") as f:
            f.write(text)
    for i in range(n_cases):
        text = case_yaml(i, ids)
        total += len(text)
        with open(os.path.join(cases_dir, f"{case_id(i)}.yml"), "w", encoding="utf-8") as f:
            f.write(text)
    return total


if __name__ == "__main__":  # python bench/gen.py OUT_DIR N
    import sys

    out, n = sys.argv[1], int(sys.argv[2])
    size = write_casebook(out, n)
    print(f"wrote {n} cases and {LESSON_COUNT} lessons ({size / 1e6:.1f} MB) to {out}")
