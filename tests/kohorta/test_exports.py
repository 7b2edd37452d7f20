import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from kohorta.exports import table_response
from tests.tables import read_table

HEADER = ["Name", "Country", "Score", "Budget", "Registered", "Arrival", "Listed"]
ROW = [
    '=HYPERLINK("http://evil")',
    "Северна Македонија",
    63.89,
    Decimal("3000.00"),
    datetime.datetime(2027, 3, 31, 9, 30),
    datetime.date(2027, 4, 1),
    True,
]


def test_csv_opens_in_excel_and_runs_no_formula():
    response = table_response("csv", "people", HEADER, [ROW])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    header, row = read_table(response)
    assert header == HEADER
    assert row == [
        '\'=HYPERLINK("http://evil")',
        "Северна Македонија",
        "63.89",
        "3000.00",
        "2027-03-31T09:30",
        "2027-04-01",
        "yes",
    ]


def test_xlsx_keeps_numbers_and_dates_and_writes_text_as_text():
    response = table_response("xlsx", "people", HEADER, [ROW, [None] * len(HEADER)])
    assert response["Content-Disposition"] == 'attachment; filename="people.xlsx"'
    header, row = read_table(response)  # an empty row has no cells to write
    assert header == HEADER
    # Text stays text (a shared string), never a formula; numbers and dates are numbers.
    assert row[0] == '=HYPERLINK("http://evil")'
    assert row[1] == "Северна Македонија"
    assert float(row[2]) == 63.89
    assert float(row[3]) == 3000
    assert float(row[4]) == pytest.approx(46477.3958, abs=1e-3)  # Excel's serial date
    assert float(row[5]) == 46478
    assert row[6] == "yes"


def test_an_unknown_format_is_not_found():
    with pytest.raises(Http404):
        table_response("ods", "people", HEADER, [])
