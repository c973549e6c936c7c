"""`invoke corpus`: a synthetic but realistic content tree for benchmarks.

Measures, cases and stories with valid metadata across every taxonomy, cross-links and
translations, about 400 words each, deterministic for a seed. Written outside content/
(default .build/corpus/content); the real content/ (data files, hubs, pages and items) is
copied in too, so the corpus builds like the real portal.
"""

from __future__ import annotations

import random
import shutil
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "content" / "_data"

WORDS = {
    "nl": ("werk loopbaan overstap opleiding begeleiding werkgever werknemer sector regio "
           "coach gesprek talent toekomst leren kans stap job team ervaring netwerk fonds "
           "maatregel steun traject keuze vaardigheid verandering ondersteuning collega "
           "organisatie mobiliteit inzetbaarheid werkplek vakmanschap").split(),
    "fr": ("travail carrière transition formation accompagnement employeur travailleur "
           "secteur région coach entretien talent avenir apprendre chance étape emploi "
           "équipe expérience réseau fonds mesure soutien parcours choix compétence "
           "changement collègue organisation mobilité employabilité").split(),
    "en": ("work career move training guidance employer employee sector region coach "
           "conversation talent future learning chance step job team experience network "
           "fund measure support track choice skill change colleague organisation "
           "mobility employability workplace craft").split(),
}
HEADINGS = {
    "nl": ["Wat is het?", "Voor wie?", "Hoe werkt het?", "Wie biedt het aan?",
           "Wat kun je nu doen?"],
    "fr": ["De quoi s'agit-il ?", "Pour qui ?", "Comment ça marche ?", "Qui le propose ?",
           "Que pouvez-vous faire maintenant ?"],
    "en": ["What is it?", "Who is it for?", "How does it work?", "Who offers it?",
           "What can you do next?"],
}
TYPES = (("measure", "measures", 0.4), ("case", "cases", 0.3), ("story", "stories", 0.3))


def _keys(name: str) -> list[str]:
    return list(tomllib.loads((DATA / f"{name}.toml").read_text("utf-8")))


def _dimension_keys(name: str) -> list[str]:
    table = tomllib.loads((DATA / "dimensions.toml").read_text("utf-8"))
    return list(table[name]["values"])


class Corpus:
    def __init__(self, docs: int, langs: list[str], seed: int):
        self.rng = random.Random(seed)
        self.docs, self.langs = docs, langs
        self.tax = {name: _keys(name) for name in
                    ("audiences", "sectors", "regions", "sources", "levels", "parties",
                     "target-groups", "story-kinds")}
        self.dims = {name: _dimension_keys(name)
                     for name in ("duration", "approach", "focus", "support")}
        counts = [int(docs * share) for *_, share in TYPES]
        counts[0] += docs - sum(counts)
        self.plan = [(type_, folder, f"{type_}-{n:05d}")
                     for (type_, folder, _), count in zip(TYPES, counts, strict=True)
                     for n in range(count)]
        self.measures = [slug for type_, _, slug in self.plan if type_ == "measure"]
        self.slugs = [slug for *_, slug in self.plan]

    def pick(self, name: str, low: int = 1, high: int = 2) -> list[str]:
        values = self.tax[name]
        return sorted(self.rng.sample(values, self.rng.randint(low, min(high, len(values)))),
                      key=values.index)

    def sentence(self, lang: str) -> str:
        words = [self.rng.choice(WORDS[lang]) for _ in range(self.rng.randint(7, 16))]
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def paragraph(self, lang: str, sentences: int = 5) -> str:
        return " ".join(self.sentence(lang) for _ in range(sentences))

    def shared(self, type_: str, slug: str) -> dict[str, str]:
        """Metadata every translation carries (drawn once per item)."""
        meta = {"Type": type_, "Date": f"2026-{self.rng.randint(1, 10):02d}-"
                f"{self.rng.randint(1, 28):02d}",
                "Audiences": ", ".join(self.pick("audiences")),
                "Sectors": ", ".join(self.pick("sectors", 1, 1)),
                "Regions": ", ".join(self.pick("regions", 1, 2)),
                "Sources": ", ".join(self.pick("sources", 1, 2))}
        others = [s for s in self.rng.sample(self.slugs, 3) if s != slug]
        meta["Related"] = ", ".join(others[:2])
        if type_ in ("measure", "case"):
            meta.update({"Duration": self.rng.choice(self.dims["duration"]),
                         "Approach": self.rng.choice(self.dims["approach"]),
                         "Focus": self.rng.choice(self.dims["focus"]),
                         "Parties": ", ".join(self.pick("parties", 1, 3)),
                         "Support": ", ".join(sorted(self.rng.sample(
                             self.dims["support"], self.rng.randint(1, 2)),
                             key=self.dims["support"].index)),
                         "Target-Groups": self.rng.choice(
                             ["algemeen"] + [g for g in self.tax["target-groups"]
                                             if g != "algemeen"])})
        if type_ == "measure":
            meta["Level"] = ", ".join(self.pick("levels", 1, 2))
        if type_ == "case":
            meta["Measures"] = ", ".join(sorted(self.rng.sample(self.measures, 2)))
        if type_ == "story":
            meta["Kind"] = self.rng.choice(self.tax["story-kinds"])
        return meta

    def document(self, type_: str, slug: str, lang: str, shared: dict) -> str:
        title = " ".join(self.rng.choice(WORDS[lang]) for _ in range(3)).capitalize()
        address = slug if lang == "nl" else f"{slug}-{lang}"  # an address in the language
        header = {"Title": f"{title} {slug[-5:]}", "Slug": address, "Lang": lang,
                  "Summary": self.sentence(lang)[:180], **shared}
        if type_ == "measure":
            header["Provider"] = "VDAB"
        if type_ == "case":
            header["Organisation"] = "Organisatie " + slug[-5:]
        order = ["Title", "Slug", "Lang", "Type", "Date", "Summary"]
        lines = [f"{k}: {header[k]}" for k in order] + \
            [f"{k}: {v}" for k, v in header.items() if k not in order and v]
        related = shared["Related"].split(", ")[0]
        body = [self.paragraph(lang, 3)]
        for heading in HEADINGS[lang]:
            body += [f"## {heading}", self.paragraph(lang, 4)]
        body.append(f"- [{related}]({{ref}}{related})")
        return "\n".join(lines) + "\n\n" + "\n\n".join(body) + "\n"

    def write(self, out: Path) -> int:
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(DATA, out / "_data")
        for folder in ("hubs", "pages", "measures", "cases", "stories"):
            for lang in self.langs:
                src = ROOT / "content" / folder / lang
                if src.exists():
                    shutil.copytree(src, out / folder / lang)
        written = 0
        for type_, folder, slug in self.plan:
            shared = self.shared(type_, slug)
            for lang in self.langs:
                path = out / folder / lang / f"{slug}.md"  # one file name in every language
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(self.document(type_, slug, lang, shared), "utf-8")
                written += 1
        return written


def main(docs: int = 1000, langs: str = "nl,fr,en", seed: int = 1,
         out: str = str(ROOT / ".build" / "corpus" / "content")) -> Path:
    target = Path(out)
    if target.resolve() == (ROOT / "content").resolve():
        sys.exit("refusing to overwrite content/: choose another --out")
    written = Corpus(docs, langs.split(","), seed).write(target)
    print(f"Wrote {written} documents ({docs} items × {len(langs.split(','))} languages) "
          f"to {target}")
    return target


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
