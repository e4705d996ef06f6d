"""Synthetic Korean suggestion corpus for benchmarks (seeded, fast, 10k … 1,000,000 rows).

Each row looks like what 치안파트너스 groups file: a title of 8–40 characters and a body of 2–6
sentences (log-normal length), written from per-field vocabulary (places, problems, requests) in
mixed styles (공문체, 해요체, casual cafe posts), across Seoul's 25 districts, one year of dates,
time bands for field reports, and the five fields in realistic proportions. Nothing is real.

    from bench.corpus import generate
    for row in generate(100_000, seed=42): ...
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

DISTRICTS = [
    "강남구", "강동구", "강북구", "강서구", "관악구", "광진구", "구로구", "금천구", "노원구", "도봉구",
    "동대문구", "동작구", "마포구", "서대문구", "서초구", "성동구", "성북구", "송파구", "양천구", "영등포구",
    "용산구", "은평구", "종로구", "중구", "중랑구",
]  # fmt: skip
# District → a few real neighbourhood/station names used only as settings.
PLACES = {
    "강남구": ["역삼역", "논현동 먹자골목", "대치동 학원가"], "강동구": ["천호역", "암사동 주택가"],
    "강북구": ["수유역 사거리", "미아동 골목"], "강서구": ["화곡동 빌라촌", "마곡나루역"],
    "관악구": ["신림역", "봉천동 원룸촌"], "광진구": ["건대입구역", "자양동 골목"], "구로구": ["구로디지털단지역"],
    "금천구": ["가산디지털단지역"], "노원구": ["노원역", "상계동 아파트 단지"], "도봉구": ["창동역"],
    "동대문구": ["청량리역", "회기역"], "동작구": ["노량진 학원가", "사당역"], "마포구": ["홍대입구역", "망원시장"],
    "서대문구": ["신촌역", "연희동 주택가"], "서초구": ["강남역 남쪽", "방배동 골목"],
    "성동구": ["성수동 카페거리", "왕십리역"],
    "성북구": ["성신여대입구역", "정릉동 산책로"], "송파구": ["잠실역", "석촌호수", "가락시장"],
    "양천구": ["목동 학원가", "신정동 골목"], "영등포구": ["영등포역", "여의도 공원"], "용산구": ["이태원역", "용산역"],
    "은평구": ["연신내역", "불광동 주택가"], "종로구": ["광화문 광장", "종각역"], "중구": ["명동", "서울역 광장"],
    "중랑구": ["면목동 골목", "상봉역"],
}  # fmt: skip

FIELDS = ["범죄예방", "아동·여성", "교통", "수사·안보", "집회·시위"]
FIELD_WEIGHTS = [0.32, 0.22, 0.28, 0.1, 0.08]

TOPICS = {
    "범죄예방": {
        "things": ["가로등", "CCTV", "방범등", "비상벨", "골목길", "공원 화장실", "공터", "빈집", "지하보도", "택배함"],
        "problems": [
            "고장",
            "너무 어두움",
            "사각지대",
            "취객 소란",
            "택배 도난",
            "불법 촬영 우려",
            "쓰레기 무단 투기",
            "배회하는 사람",
        ],
        "asks": ["순찰 강화", "CCTV 추가 설치", "조명 교체", "비상벨 설치", "집중 순찰 시간 조정", "구청과 협의"],
    },
    "아동·여성": {
        "things": [
            "어린이 보호구역",
            "학교 앞",
            "학원가",
            "놀이터",
            "통학로",
            "여성 안심귀갓길",
            "원룸촌",
            "버스 정류장",
        ],
        "problems": [
            "스토킹 의심",
            "낯선 사람 접근",
            "학교폭력",
            "사이버 따돌림",
            "불법 촬영",
            "늦은 귀가길 불안",
            "디지털 성범죄",
        ],
        "asks": ["안심귀가 서비스 확대", "학교 전담 경찰관 배치", "신고 방법 안내", "여성 안심 택배함", "예방 교육"],
    },
    "교통": {
        "things": [
            "횡단보도",
            "교차로",
            "보행 신호",
            "우회전 차로",
            "스쿨존",
            "불법 주차 구역",
            "자전거 도로",
            "버스 전용차로",
            "전동킥보드",
        ],
        "problems": [
            "신호 고장",
            "과속 차량",
            "불법 유턴",
            "보행 신호 너무 짧음",
            "사고 다발",
            "불법 주정차",
            "음주운전 의심",
            "킥보드 인도 주행",
        ],
        "asks": ["단속 강화", "신호 주기 조정", "과속 카메라 설치", "안전 펜스 설치", "교통 지도", "노면 표시 보강"],
    },
    "수사·안보": {
        "things": [
            "보이스피싱",
            "현금 수거책",
            "중고거래 사기",
            "전세 사기",
            "마약 광고 전단",
            "불법 도박 광고",
            "대포통장",
        ],
        "problems": ["피해 의심", "수상한 통화", "전단 부착", "노인 피해 증가", "SNS 광고", "택시 승객 의심 행동"],
        "asks": ["예방 홍보", "신고 요령 안내", "금융기관 협조", "집중 단속", "피해자 지원 안내"],
    },
    "집회·시위": {
        "things": ["집회 소음", "행진 경로", "확성기", "광장 집회", "주택가 인근 시위", "교통 통제"],
        "problems": ["소음 기준 초과", "야간 소음", "통행 불편", "상점 영업 피해", "안내 부족"],
        "asks": ["소음 측정", "행진 경로 사전 안내", "질서 유지 인력 배치", "우회로 안내", "주민 의견 반영"],
    },
}
OPENERS = [
    "안녕하세요.", "", "", "매일 지나다니는데요,", "주민 대표로 말씀드립니다.", "맘카페에서 여러 번 이야기가 나왔어요.",
    "순찰하다가 발견했습니다.", "아이 엄마입니다ㅠㅠ", "택시 운행 중에 봤습니다.", "집배원으로 배달하면서 보니",
]  # fmt: skip
SENTENCES = [
    "{place} {thing} 주변이 {problem} 문제로 불안합니다.",
    "{place} 근처 {thing}{josa} {problem} 상태가 몇 달째 계속되고 있어요.",
    "특히 {band} 사이에 {problem} 일이 자주 생깁니다.",
    "지난주에도 {thing} 때문에 주민들이 민원을 넣었는데 아직 그대로에요.",
    "{thing} 관련해서 {ask}{josa2} 검토해 주시기 바랍니다.",
    "{ask} 부탁드립니다.",
    "아이들이 {thing} 앞을 지나다니는데 {problem} 때문에 너무 걱정돼요.",
    "몇일 전에도 비슷한 일이 있었다고 들었습니다.",
    "{district} 다른 곳도 {thing} 상황이 비슷하다고 합니다.",
    "경찰서와 구청이 같이 {ask} 방안을 마련해 주셨으면 합니다.",
    "저녁마다 {problem} 문제가 심해져서 주민들이 불안해 합니다.",
    "{thing}{josa} 개선되면 훨씬 안전해질 것 같습니다.",
    "이번 달 들어 {problem} 신고가 벌써 세 번째입니다.",
    "빠른 조치 부탁드려요 ㅠㅠ",
]  # fmt: skip
TITLES = [
    "{place} {thing} {problem}", "{district} {thing} {ask} 요청", "{thing} {problem} 개선 건의",
    "{place} {problem} 대책 필요",
    "{thing} 관련 {ask} 제안", "{district} {place} {thing} {problem} 신고", "{ask} 건의드립니다",
]  # fmt: skip
BANDS = [
    "06:00-09:00", "07:30-08:30", "12:00-14:00", "17:00-19:00", "19:00-22:00", "20:00-22:00", "22:00-01:00",
    "23:00-02:00", "00:00-05:00",
]  # fmt: skip
RISKS = ["crime_concern", "facility_needed", "traffic_risk", "parcel_theft", "resident_anxiety", "other"]


def _josa(word: str, pair: tuple[str, str]) -> str:
    last = word[-1]
    if "가" <= last <= "힣":
        return pair[0] if (ord(last) - 0xAC00) % 28 else pair[1]
    return pair[1]


@dataclass(slots=True)
class Row:
    title: str
    body: str
    field: str
    kind: str
    district: str
    address: str
    time_band: str
    risk_type: str
    lat: float | None
    lon: float | None
    created_at: dt.datetime
    visibility: str


def generate(size: int, seed: int = 42, start: dt.date = dt.date(2025, 1, 1), days: int = 730) -> Iterator[Row]:
    rng = random.Random(seed)
    choice, random_ = rng.choice, rng.random
    base = dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC)
    for _ in range(size):
        field = rng.choices(FIELDS, FIELD_WEIGHTS)[0]
        vocab = TOPICS[field]
        district = choice(DISTRICTS)
        place = choice(PLACES[district])
        thing, problem, ask = choice(vocab["things"]), choice(vocab["problems"]), choice(vocab["asks"])
        band = choice(BANDS)
        slots = {
            "district": district, "place": place, "thing": thing, "problem": problem, "ask": ask, "band": band,
            "josa": _josa(thing, ("이", "가")), "josa2": _josa(ask, ("을", "를")),
        }  # fmt: skip
        title = choice(TITLES).format(**slots)[:40]
        n_sentences = max(2, min(6, round(rng.lognormvariate(1.1, 0.35))))
        sentences = [choice(OPENERS)] + [choice(SENTENCES).format(**slots) for _ in range(n_sentences)]
        if random_() < 0.03:  # a few bodies carry (fake) personal data, as real ones do
            sentences.append(f"연락처는 010-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)} 입니다.")
        body = "<p>" + " ".join(s for s in sentences if s) + "</p>"
        is_report = random_() < 0.55
        created = base + dt.timedelta(seconds=rng.randrange(days * 86400))
        yield Row(
            title=title,
            body=body,
            field=field,
            kind="field_report" if is_report else "proposal",
            district=district if (is_report or random_() < 0.5) else "",
            address=place if is_report else "",
            time_band=band if is_report else "",
            risk_type=choice(RISKS) if is_report else "",
            lat=37.45 + random_() * 0.25 if is_report else None,
            lon=126.8 + random_() * 0.35 if is_report else None,
            created_at=created,
            visibility=rng.choices(["public", "partners", "police"], [0.5, 0.4, 0.1])[0],
        )


# A fixed topic-search query mix (what HQ analysts type).
QUERY_MIX = [
    "가로등 고장", "CCTV 설치", "어린이 보호구역 과속", "보이스피싱", "스토킹", "불법 주정차", "집회 소음",
    "보행 신호", "택배 도난", "전동킥보드", "학교폭력", "음주운전", "비상벨", "안심귀갓길", "불법 촬영",
    "신호 주기 조정", "순찰 강화", "현금 수거책", "행진 경로", "사고 다발 교차로",
]  # fmt: skip


if __name__ == "__main__":  # quick look: python -m bench.corpus 5
    import sys

    for row in generate(int(sys.argv[1]) if len(sys.argv) > 1 else 5):
        print(row.field, row.district, row.title, "|", row.body[:120])
