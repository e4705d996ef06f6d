"""The shipped English catalogs are complete and compiled: every entry of site/locale/en/*.po has an
English msgstr (none fuzzy), python-format placeholders match, and the committed .mo says the same
as the .po (so a machine without gettext's msgfmt serves the same English)."""

import gettext
import json
import re
from pathlib import Path

import pytest
from django.conf import settings

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def unquote(line: str) -> str:
    return json.loads(line)  # PO string escapes are JSON-compatible here


def entries(po: Path) -> list[dict]:
    """Active (non-obsolete) entries of a .po file: msgctxt, msgid, msgid_plural, msgstr[n], flags."""
    out = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": set()}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif m := re.match(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (\".*\")$", line):
                key = m.group(1)
                entry[key] = unquote(m.group(2))
            elif line.startswith('"') and key:
                entry[key] += unquote(line)
        if entry.get("msgid"):
            out.append(entry)
    return out


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)[sd]", text))


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_english_catalog_complete_and_compiled(domain):
    po = LC_MESSAGES / f"{domain}.po"
    items = entries(po)
    assert len(items) > (300 if domain == "django" else 5)
    with (LC_MESSAGES / f"{domain}.mo").open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for e in items:
        where = (e.get("msgctxt"), e["msgid"])
        assert "fuzzy" not in e["flags"], where
        translations = [v for k, v in e.items() if k.startswith("msgstr")]
        assert translations and all(translations), f"untranslated: {where}"
        for t in translations:
            if HANGUL.search(t):  # only Korean search examples may stay ("e.g. 가로등 …")
                assert "예:" in e["msgid"] or "쉼표" in e["msgid"], f"Korean left in msgstr: {where} → {t}"
            if "python-format" in e["flags"] or "%(" in e["msgid"]:
                assert placeholders(t) == placeholders(e["msgid"]), f"placeholders differ: {where} → {t}"
        if "msgid_plural" in e:
            assert mo.ngettext(e["msgid"], e["msgid_plural"], 1) == e["msgstr[0]"], where
            assert mo.ngettext(e["msgid"], e["msgid_plural"], 2) == e["msgstr[1]"], where
        elif "msgctxt" in e:
            assert mo.pgettext(e["msgctxt"], e["msgid"]) == e["msgstr"], f".mo is stale: {where}"
        else:
            assert mo.gettext(e["msgid"]) == e["msgstr"], f".mo is stale (run compilemessages): {where}"
