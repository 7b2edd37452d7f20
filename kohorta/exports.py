"""Tables the office downloads: one CSV and one XLSX from the same rows.

Every export view builds a header and rows of plain values (text, numbers, dates, booleans,
``None``) and returns ``table_response(fmt, filename, header, rows)``:

- ``csv``: UTF-8 with a byte-order mark, so Excel opens Cyrillic, Greek and Polish names
  correctly on double-click; text that a spreadsheet would run as a formula (``=``, ``+``,
  ``-``, ``@``, tab, carriage return) gets a leading apostrophe; dates in ISO form; numbers
  plain, with a dot before the decimals in every language (``formats.plain_number``).
- ``xlsx``: made with XlsxWriter; numbers and dates stay numbers and dates, text is written
  as text (never a formula), the header is bold and frozen, with a filter on every column.

Country columns hold the country's name in the interface language, never its code.
docs/exports.md lists the columns of each export.
"""

import csv
import datetime
import io
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from kohorta.formats import plain_number

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text that no spreadsheet program runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return plain_number(value)
    return spreadsheet_safe(value)


def csv_bytes(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([spreadsheet_safe(label) for label in header])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def xlsx_bytes(header, rows, sheet_name="Kohorta"):
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet(sheet_name[:31])
    bold = book.add_format({"bold": True})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    datetime_format = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    widths = [min(max(len(str(label)), 8), 60) for label in header]
    for column, label in enumerate(header):
        sheet.write_string(0, column, str(label), bold)
    count = 0
    for count, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                sheet.write_string(count, column, _("yes") if value else _("no"))
            elif isinstance(value, datetime.datetime):
                naive = value.replace(tzinfo=None) if value.tzinfo else value
                sheet.write_datetime(count, column, naive, datetime_format)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(
                    count, column, datetime.datetime.combine(value, datetime.time()), date_format
                )
            elif isinstance(value, int | float | Decimal):
                sheet.write_number(count, column, float(value))
            else:
                text = str(value)
                sheet.write_string(count, column, text)
                if column < len(widths):
                    widths[column] = min(max(widths[column], len(text)), 60)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width + 2)
    sheet.freeze_panes(1, 0)
    if header:
        sheet.autofilter(0, 0, max(count, 1), len(header) - 1)
    book.close()
    return buffer.getvalue()


def table_response(fmt, filename, header, rows):
    """``filename`` without extension; ``fmt`` is ``csv`` or ``xlsx`` (anything else: 404)."""
    if fmt not in FORMATS:
        raise Http404
    rows = list(rows)
    body = csv_bytes(header, rows) if fmt == "csv" else xlsx_bytes(header, rows)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
