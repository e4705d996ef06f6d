"""Korean analysis in Python (kiwipiepy): inflections, compounds, misspellings, one Kiwi per process."""

import threading

import pytest

from demo.search import seed_user_words
from search import analysis


def test_inflected_forms_share_the_noun():
    for text in ("가로등이 고장났어요", "가로등을 고쳐 주세요", "가로등", "가로등은요?"):
        assert "가로등" in analysis.analyze(text)["morphs"].split(), text


def test_compound_nouns_kept_with_their_parts():
    result = analysis.analyze("야간보행로 과속 단속")  # not in the user dictionary: Kiwi splits it
    for noun in ("야간보행로", "야간", "보행로", "과속", "단속"):
        assert noun in result["nouns"]
    spaced = analysis.analyze("야간 보행로")["nouns"]
    assert "야간보행로" not in spaced  # only nouns written together form a compound


@pytest.mark.django_db
def test_user_dictionary_words_stay_whole_with_their_parts_searchable():
    # The shipped words, whatever an earlier test (a flushed table) left in this process's Kiwi.
    seed_user_words()
    analysis.forget_dictionary_check()
    result = analysis.analyze("어린이보호구역 과속 단속")
    assert "어린이보호구역" in result["nouns"] and "어린이" not in result["nouns"]  # one theme key, not five
    assert {"어린이보호구역", "어린이", "보호", "구역"} <= set(result["morphs"].split())


def test_foreign_words_lowercased_numbers_kept_and_noise_dropped():
    result = analysis.analyze("ＣＣＴＶ를 3대 설치해 주세요ㅠㅠ ㅋㅋ")
    morphs = result["morphs"].split()
    assert "cctv" in morphs and "3" in morphs and "설치" in morphs
    assert not any("ㅠ" in m or "ᅲ" in m or "ㅋ" in m for m in morphs)
    assert "cctv" in result["nouns"]
    assert result["version"] == analysis.ANALYSIS_VERSION


def test_misspellings_from_the_sample_data_do_not_break_it():
    result = analysis.analyze("엄마들 사이에서도 계속 얘기 나오는 문제에요. 몇일째 몇달째 그대로에요ㅠ")
    assert "엄마" in result["morphs"].split()
    assert result["nouns"]  # still produces content words


def test_query_analysis_is_document_analysis():
    q = analysis.analyze_query("전동킥보드를 타요")
    d = analysis.analyze("전동킥보드를 타요")
    assert q["morphs"] == d["morphs"]
    assert "전동킥보드" in q["compounds"]
    assert "전동킥보드" not in q["base"] and "킥" in q["base"]


def test_one_kiwi_instance_per_process_even_under_threads():
    seen = []

    def work():
        seen.append(id(analysis.get_kiwi()))
        analysis.analyze("가로등이 고장났어요")

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(seen)) == 1
    assert analysis.get_kiwi() is analysis.get_kiwi()


def test_empty_text():
    assert analysis.analyze("") == {"morphs": "", "nouns": [], "version": analysis.ANALYSIS_VERSION}
