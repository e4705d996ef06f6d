"""Shipped search defaults, seeded by data migrations and by `demo.search.seed()`; HQ edits them in
the Wagtail admin.

Synonyms are true equivalences only: abbreviations and official vs colloquial names of one thing
(스쿨존 = 어린이보호구역). Paraphrases and related words (스토킹 → 따라오는, 음주운전 → 음주 단속) are not
synonyms: they widen every query that mentions the term, and the semantic leg of the hybrid search
covers paraphrases (search.hybrid).

The user dictionary is a general list of police and civic compounds Kiwi would otherwise split
(전동킥보드 → 전동 + 킥 + 보드), written from the domain (laws, police and city terms), not from any
evaluation corpus.
"""

DEFAULT_SYNONYMS: dict[str, str] = {
    "몰카": "불법촬영, 몰래카메라",
    "킥보드": "전동킥보드, PM, 개인형 이동장치",
    "보이스피싱": "전화금융사기, 전화 사기",
    "스쿨존": "어린이보호구역",
    "실버존": "노인보호구역",
    "씨씨티비": "CCTV, 방범카메라",
    "딥페이크": "허위영상물",
    "학폭": "학교폭력",
    "데이트폭력": "교제폭력",
    "택배 도둑": "택배 절도",
}

# (form, tag): NNP keeps the word whole most firmly; NNG for common nouns.
DEFAULT_USER_WORDS: list[tuple[str, str]] = [
    # personal mobility and traffic
    ("전동킥보드", "NNP"),
    ("공유킥보드", "NNP"),
    ("개인형이동장치", "NNP"),
    ("어린이보호구역", "NNP"),
    ("노인보호구역", "NNP"),
    ("장애인보호구역", "NNP"),
    ("스쿨존", "NNP"),
    ("실버존", "NNP"),
    ("보행자우선도로", "NNP"),
    ("어린이통학버스", "NNP"),
    ("과속방지턱", "NNG"),
    ("과속단속카메라", "NNG"),
    ("무인단속카메라", "NNG"),
    ("불법주정차", "NNG"),
    ("무단횡단", "NNG"),
    ("신호위반", "NNG"),
    ("음주운전", "NNG"),
    ("무면허운전", "NNG"),
    ("난폭운전", "NNG"),
    ("보복운전", "NNG"),
    ("뺑소니", "NNG"),
    ("우회전일시정지", "NNG"),
    # fraud and cyber crime
    ("보이스피싱", "NNP"),
    ("전화금융사기", "NNP"),
    ("메신저피싱", "NNP"),
    ("스미싱", "NNP"),
    ("몸캠피싱", "NNP"),
    ("로맨스스캠", "NNP"),
    ("현금수거책", "NNG"),
    ("대포통장", "NNG"),
    ("대포폰", "NNG"),
    ("중고거래사기", "NNG"),
    ("투자리딩방", "NNG"),
    ("사이버범죄", "NNG"),
    ("딥페이크", "NNP"),
    ("허위영상물", "NNG"),
    # violence and safety of persons
    ("불법촬영", "NNG"),
    ("몰래카메라", "NNG"),
    ("스토킹", "NNG"),
    ("교제폭력", "NNG"),
    ("데이트폭력", "NNG"),
    ("가정폭력", "NNG"),
    ("아동학대", "NNG"),
    ("노인학대", "NNG"),
    ("학교폭력", "NNG"),
    ("묻지마범죄", "NNG"),
    ("이상동기범죄", "NNG"),
    ("흉기난동", "NNG"),
    ("주취자", "NNG"),
    ("실종아동", "NNG"),
    ("배회감지기", "NNG"),
    ("마약사범", "NNG"),
    # places, facilities and police work
    ("안심귀갓길", "NNP"),
    ("여성안심귀갓길", "NNP"),
    ("안심택배함", "NNP"),
    ("안심비상벨", "NNP"),
    ("비상벨", "NNG"),
    ("방범카메라", "NNG"),
    ("보안등", "NNG"),
    ("탄력순찰", "NNP"),
    ("자율방범대", "NNP"),
    ("치안센터", "NNP"),
    ("아동안전지킴이", "NNP"),
    ("범죄예방환경설계", "NNP"),
    ("셉테드", "NNP"),
    ("층간소음", "NNG"),
    ("무단투기", "NNG"),
    ("불법광고물", "NNG"),
    ("택배절도", "NNG"),
    ("빈집털이", "NNG"),
    ("차량털이", "NNG"),
]
