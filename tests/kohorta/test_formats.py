"""Dates, numbers, money and country lists as each interface language writes them."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from kohorta.formats import (
    collation_key,
    format_date,
    format_money,
    format_number,
    format_percent,
)

DAY = datetime.date(2026, 9, 2)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "2 September 2026"),
        ("mk", "2 септември 2026"),
        ("bg", "2 септември 2026 г."),
        ("sr", "2. септембра 2026."),
        ("sr-latn", "2. septembra 2026."),
        ("hr", "2. rujna 2026."),
        ("sl", "2. september 2026"),
        ("pl", "2 września 2026"),
        ("ro", "2 septembrie 2026"),
        ("sq", "2 shtator 2026"),
        ("el", "2 Σεπτεμβρίου 2026"),
    ],
)
def test_templates_write_dates_as_the_language_does(language, expected):
    template = Template('{{ day|date:"j F Y" }}|{{ day|date:"j M Y" }}|{{ day|date }}')
    short = "2 Sep 2026" if language == "en" else expected  # English keeps its short form
    with translation.override(language):
        assert template.render(Context({"day": DAY})) == f"{expected}|{short}|{expected}"
        assert format_date(DAY) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Wednesday 2 September"),
        ("sq", "e mërkurë, 2 shtator"),
        ("mk", "среда, 2 септември"),
    ],
)
def test_weekday_dates(language, expected):
    with translation.override(language):
        assert Template('{{ day|date:"l j F" }}').render(Context({"day": DAY})) == expected


def test_month_on_its_own_is_nominative():
    with translation.override("sr"):
        assert Template('{{ day|date:"F Y" }}').render(Context({"day": DAY})) == "септембар 2026."
    with translation.override("pl"):
        assert format_date(DAY, "F Y") == "wrzesień 2026"


@pytest.mark.parametrize(
    ("language", "number", "money"),
    [
        ("en", "12,345.5", "3,000\xa0EUR"),
        ("mk", "12.345,5", "3.000\xa0EUR"),
        ("hr", "12.345,5", "3.000\xa0EUR"),
    ],
)
def test_numbers_and_money_through_one_helper(language, number, money):
    with translation.override(language):
        assert format_number(Decimal("12345.5")) == number
        assert format_money(3000, "EUR") == money
        assert (
            Template("{{ n|number }} {{ m|money }}").render(
                Context({"n": Decimal("12345.5"), "m": 3000})
            )
            == f"{number} {money}"
        )


def test_money_shows_cents_only_when_there_are_some():
    with translation.override("en"):
        assert format_money(Decimal("1500.50"), "EUR") == "1,500.50\xa0EUR"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("hr", ["Cipar", "Čile", "Ćuprija", "Danska"]),
        ("sr", ["Данска", "Ђибути", "Египат"]),
        ("mk", ["Грција", "Данска", "Ѓевѓелија", "Египет"]),
        ("pl", ["Luksemburg", "Łotwa", "Macedonia"]),
        ("sq", ["Cipro", "Çeki", "Danimarkë"]),
        ("el", ["Αίγυπτος", "Άγιος Μαρίνος", "Βέλγιο"]),
    ],
)
def test_names_sort_by_the_languages_alphabet(language, words):
    shuffled = list(reversed(words))
    if language == "el":
        # Accents do not order Greek names: Άγιος sorts as Αγιος, before Αίγυπτος.
        words = ["Άγιος Μαρίνος", "Αίγυπτος", "Βέλγιο"]
    assert sorted(shuffled, key=lambda word: collation_key(word, language)) == words


def test_country_choices_in_serbian_follow_the_serbian_alphabet():
    from django_countries import countries

    with translation.override("sr"):
        names = [str(name) for _code, name in countries]
    assert names.index("Чешка") < names.index("Џибути") < names.index("Швајцарска")


@pytest.mark.parametrize(
    ("language", "name"), [("mk", "Северна Македонија"), ("sq", "Maqedonia e Veriut")]
)
def test_country_names_in_languages_django_countries_lacks(language, name):
    from django_countries import countries

    with translation.override(language):
        assert str(countries.name("MK")) == name


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3000, "3000"),
        (Decimal("3000.00"), "3000.00"),
        (Decimal("1500.5"), "1500.5"),
        (Decimal("1E+3"), "1000"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e-05, "0.00001"),
        (-2.5, "-2.5"),
        (None, ""),
    ],
)
def test_plain_numbers_for_files_are_the_same_in_every_language(value, expected):
    from kohorta.formats import plain_number

    for language in ("en", "mk", "de", "sl"):
        with translation.override(language):
            assert plain_number(value) == expected


def test_csv_numbers_are_plain_whatever_the_language():
    from kohorta.exports import csv_bytes

    with translation.override("mk"):
        text = csv_bytes(["a", "b", "c"], [[Decimal("12345.50"), 2.75, 1200]]).decode("utf-8-sig")

    assert text.splitlines()[1] == "12345.50,2.75,1200"


@pytest.mark.parametrize(
    ("language", "amount"), [("en", "4,000"), ("mk", "4.000"), ("sl", "4.000")]
)
def test_grant_decision_email_writes_the_amount_as_the_language_does(language, amount):
    from django.template.loader import render_to_string

    class Call:
        title = "Small grants"
        currency = "EUR"

    class Proposal:
        title = "Maker space"

    class Decision:
        outcome = "award"
        amount = Decimal("4000.00")
        rationale = ""

    with translation.override(language):
        body = render_to_string(
            "grants/email/decision.txt",
            {"call": Call(), "proposal": Proposal(), "decision": Decision(), "reviews": []},
        )

    assert f"{amount} EUR" in body


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "45%"), ("sl", "45\xa0%"), ("hr", "45\xa0%"), ("ro", "45\xa0%"), ("el", "45%")],
)
def test_percentages_as_the_language_writes_them(language, expected):
    with translation.override(language):
        assert Template("{{ value|percent }}").render(Context({"value": 45})) == expected
        assert format_percent(None) == ""
