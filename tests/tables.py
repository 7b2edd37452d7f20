"""Read the office's exports (kohorta/exports.py) back in tests, CSV or XLSX."""

import csv
import io


def read_table(response):
    """The header and rows of an export, as text, whichever the format (for tests and checks)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        assert content.startswith("\ufeff".encode()), "CSV exports start with a byte-order mark"
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    from zipfile import ZipFile

    return _xlsx_rows(ZipFile(io.BytesIO(content)))


def _xlsx_rows(archive):
    """A minimal reader of the first sheet (shared strings and inline numbers)."""
    from xml.etree import ElementTree

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    strings = []
    if "xl/sharedStrings.xml" in archive.namelist():
        root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))  # noqa: S314 (our own file)
        strings = ["".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")) for si in root]
    sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))  # noqa: S314
    table = []
    for row in sheet.iter(f"{{{ns['m']}}}row"):
        values = {}
        for cell in row.findall("m:c", ns):
            ref = cell.get("r")
            column = 0
            for char in ref:
                if char.isalpha():
                    column = column * 26 + ord(char) - 64
            raw = cell.find("m:v", ns)
            text = raw.text if raw is not None else ""
            values[column - 1] = strings[int(text)] if cell.get("t") == "s" else text
        table.append([values.get(i, "") for i in range(max(values, default=-1) + 1)])
    return table
