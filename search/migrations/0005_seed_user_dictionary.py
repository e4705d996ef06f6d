from django.db import migrations

# Frozen copy of search.defaults.DEFAULT_USER_WORDS at the time of this migration.
USER_WORDS = [
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


def seed(apps, schema_editor):
    UserWord = apps.get_model("search", "UserWord")
    for form, tag in USER_WORDS:
        UserWord.objects.get_or_create(form=form, defaults={"tag": tag, "note": "기본 사전"})


def unseed(apps, schema_editor):
    UserWord = apps.get_model("search", "UserWord")
    UserWord.objects.filter(form__in=[form for form, _ in USER_WORDS], note="기본 사전").delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0004_user_dictionary")]

    operations = [migrations.RunPython(seed, unseed)]
