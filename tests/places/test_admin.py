"""Police stations in the Wagtail admin: administrators edit the coverage, officers only look."""

import pytest

from places.models import PoliceStation, StationArea
from places.stations import station_for

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/places/policestation/"


def _form(station, areas):
    data = {
        "name": station.name,
        "note": "관할 조정",
        "areas-TOTAL_FORMS": str(len(areas)),
        "areas-INITIAL_FORMS": str(len(areas)),
        "areas-MIN_NUM_FORMS": "0",
        "areas-MAX_NUM_FORMS": "1000",
    }
    for i, area in enumerate(areas):
        data.update(
            {
                f"areas-{i}-id": str(area["id"]),
                f"areas-{i}-district": area["district"],
                f"areas-{i}-dong": area["dong"],
                f"areas-{i}-ORDER": str(i + 1),
                f"areas-{i}-DELETE": "",
            }
        )
    return data


def test_an_administrator_moves_a_dong_to_another_station(client, world):
    client.force_login(world.admin)
    assert client.get(LIST).status_code == 200
    jongam = PoliceStation.objects.get(name="종암경찰서")
    areas = list(jongam.areas.values("id", "district", "dong"))
    area = next(a for a in areas if a["dong"] == "장위동")
    area["dong"] = "길음동"  # 성북구 길음동 to 종암, 장위동 back to 성북 (the district row)
    response = client.post(f"{LIST}edit/{jongam.pk}/", _form(jongam, areas))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert station_for("성북구", "길음동").name == "종암경찰서"
    assert station_for("성북구", "장위동").name == "성북경찰서"


def test_a_misspelt_dong_is_refused_in_korean(client, world):
    client.force_login(world.admin)
    bangbae = PoliceStation.objects.get(name="방배경찰서")
    areas = list(bangbae.areas.values("id", "district", "dong"))
    areas[0]["dong"] = "방베동"
    response = client.post(f"{LIST}edit/{bangbae.pk}/", _form(bangbae, areas))
    assert response.status_code == 200 and "법정동 이름이 아닙니다" in response.content.decode()
    assert StationArea.objects.filter(station=bangbae, dong="방배동").exists()


def test_officers_look_but_do_not_edit_and_partners_stay_out(client, world):
    station = PoliceStation.objects.get(name="마포경찰서")
    client.force_login(world.officer_traffic)
    assert client.get(LIST).status_code == 200
    assert client.get(f"{LIST}edit/{station.pk}/").status_code in (302, 403)
    client.force_login(world.member)
    assert client.get(LIST).status_code in (302, 403)
