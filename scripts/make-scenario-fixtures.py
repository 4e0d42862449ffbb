#!/usr/bin/env python3
"""Makes tests/fixtures/scenarios/: one folder per case of ../shared/spec/agency-workbook.md.

Each scenario is written here as plain data: the sheets an agency might send (cells, merged
areas, hidden sheets, date systems) and, beside them, what tonghop must read from them (tasks,
indicators, submissions, and every diagnostic). The sheets are written as flat OpenDocument
(.fods) and saved by LibreOffice (headless) as the format the scenario names, so every fixture
workbook is one a real spreadsheet program wrote. The expectations go to `expected.toml` beside
the `input/` folder; tests/suite/scenarios.rs runs the binary on each folder and compares.

Needs LibreOffice (apt-get install -y --no-install-recommends libreoffice-calc-nogui libreoffice-writer-nogui)
and, for the password-protected file, msoffcrypto-tool (pip install msoffcrypto-tool).

    python3 scripts/make-scenario-fixtures.py
"""

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import unicodedata
from xml.sax.saxutils import escape, quoteattr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "scenarios")
PLAN = tomllib.load(open(os.path.join(ROOT, "templates", "plans", "kh-nq57-hue.toml"), "rb"))

# ---------------------------------------------------------------------------------------------
# The plan, as far as the scenarios need it.

SUCCESSOR = {a["id"]: a.get("successor") for a in PLAN["agency"]}
CATEGORY = {a["id"]: a["category"] for a in PLAN["agency"]}
TASK_NAME = {t["code"]: t["name"] for t in PLAN["task"]}
IND = {i["code"]: i for i in PLAN["indicator"]}


def tasks_of(agency):
    """Task codes assigned to `agency` (directly, through a predecessor, or as one of "các sở")."""
    out = []
    for t in PLAN["task"]:
        for lead in t["lead"]:
            direct = lead == agency or SUCCESSOR.get(lead) == agency
            group = (lead == "@so" and CATEGORY.get(agency) == "so") or (
                lead == "@dia-phuong" and agency.startswith(("phuong-", "xa-"))
            )
            if direct or group:
                out.append(t["code"])
                break
    return out


def indicators_of(agency):
    return [
        i["code"] for i in PLAN["indicator"] if any(a == agency or SUCCESSOR.get(a) == agency for a in i["tracked_by"])
    ]


# ---------------------------------------------------------------------------------------------
# Cells and sheets.


class Pct(float):
    """A number shown with a percentage format: the cell holds the fraction."""


class Lines(list):
    """Text with line breaks inside one cell."""


def col_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def parse_a1(a1):
    letters = "".join(ch for ch in a1 if ch.isalpha())
    return int(a1[len(letters) :]) - 1, col_index(letters)


class Sheet:
    def __init__(self, name, hidden=False):
        self.name, self.hidden, self.cells, self.merges = name, hidden, {}, []
        # 1-based rows and 0-based columns the sender hid (an autofilter, a column of last cycle).
        self.hidden_rows, self.hidden_cols = set(), set()

    def put(self, a1, *values):
        """Writes values rightwards from `a1`; None leaves a cell empty."""
        r, c = parse_a1(a1)
        for i, v in enumerate(values):
            if v is not None:
                self.cells[(r, c + i)] = v
        return self

    def merge(self, area, value=None):
        a, b = area.split(":")
        (r0, c0), (r1, c1) = parse_a1(a), parse_a1(b)
        self.merges.append((r0, c0, r1, c1))
        if value is not None:
            self.cells[(r0, c0)] = value
        return self


def cell_xml(v, span=None):
    attrs = ""
    if span:
        attrs = f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"'
    if v is None:
        return f"<table:table-cell{attrs}/>"
    if isinstance(v, Pct):
        return (
            f'<table:table-cell table:style-name="cePct" office:value-type="percentage" office:value="{float(v)!r}"{attrs}>'
            f"<text:p>{float(v) * 100:g}%</text:p></table:table-cell>"
        )
    if isinstance(v, dt.date):
        return (
            f'<table:table-cell table:style-name="ceDate" office:value-type="date" office:date-value="{v.isoformat()}"{attrs}>'
            f"<text:p>{v:%d/%m/%Y}</text:p></table:table-cell>"
        )
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return (
            f'<table:table-cell office:value-type="float" office:value="{v!r}"{attrs}><text:p>{v!r}</text:p></table:table-cell>'
        )
    paras = v if isinstance(v, Lines) else [v]
    body = "".join(f"<text:p>{escape(p)}</text:p>" for p in paras)
    return f'<table:table-cell office:value-type="string"{attrs}>{body}</table:table-cell>'


def fods(sheets, null_date_1904=False):
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
        'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
        "<office:automatic-styles>"
        '<number:date-style style:name="NDate"><number:day number:style="long"/><number:text>/</number:text>'
        '<number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>'
        '<number:percentage-style style:name="NPct"><number:number number:decimal-places="0" number:min-integer-digits="1"/>'
        "<number:text>%</number:text></number:percentage-style>"
        '<style:style style:name="ceDate" style:family="table-cell" style:data-style-name="NDate"/>'
        '<style:style style:name="cePct" style:family="table-cell" style:data-style-name="NPct"/>'
        '<style:style style:name="taShown" style:family="table"><style:table-properties table:display="true"/></style:style>'
        '<style:style style:name="taHidden" style:family="table"><style:table-properties table:display="false"/></style:style>'
        "</office:automatic-styles><office:body><office:spreadsheet>"
    ]
    if null_date_1904:
        out.append('<table:calculation-settings><table:null-date table:date-value="1904-01-01"/></table:calculation-settings>')
    for s in sheets:
        style = "taHidden" if s.hidden else "taShown"
        out.append(f"<table:table table:name={quoteattr(s.name)} table:style-name=\"{style}\">")
        keys = list(s.cells) + [(m[2], m[3]) for m in s.merges]
        rows = max((k[0] for k in keys), default=0) + 1
        cols = max((k[1] for k in keys), default=0) + 1
        if s.hidden_cols:
            for c in range(cols):
                vis = ' table:visibility="collapse"' if c in s.hidden_cols else ""
                out.append(f"<table:table-column{vis}/>")
        else:
            out.append(f'<table:table-column table:number-columns-repeated="{cols}"/>')
        covered = {}
        for r0, c0, r1, c1 in s.merges:
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    covered[(r, c)] = (r1 - r0 + 1, c1 - c0 + 1) if (r, c) == (r0, c0) else "covered"
        for r in range(rows):
            vis = ' table:visibility="collapse"' if (r + 1) in s.hidden_rows else ""
            out.append(f"<table:table-row{vis}>")
            for c in range(cols):
                kind = covered.get((r, c))
                if kind == "covered":
                    out.append("<table:covered-table-cell/>")
                else:
                    out.append(cell_xml(s.cells.get((r, c)), kind))
            out.append("</table:table-row>")
        out.append("</table:table>")
    out.append("</office:spreadsheet></office:body></office:document>\n")
    return "".join(out)


FILTERS = {
    "xlsx": 'xlsx:"Calc MS Excel 2007 XML"',
    "xlsm": 'xlsm:"Calc MS Excel 2007 VBA XML"',
    "xls": 'xls:"MS Excel 97"',
    "ods": "ods",
}


class Book:
    def __init__(self, path, sheets, null_date_1904=False):
        self.path, self.sheets, self.null_date_1904 = path, sheets, null_date_1904


def convert_all(books, work):
    """Saves every book through LibreOffice, one soffice call per target format."""
    by_ext = {}
    for i, b in enumerate(books):
        src = os.path.join(work, f"b{i}.fods")
        with open(src, "w", encoding="utf-8") as f:
            f.write(fods(b.sheets, b.null_date_1904))
        by_ext.setdefault(b.path.rsplit(".", 1)[1], []).append((src, b.path))
    for ext, items in by_ext.items():
        outdir = os.path.join(work, ext)
        os.makedirs(outdir, exist_ok=True)
        cmd = f"soffice --headless --norestore --convert-to {FILTERS[ext]} --outdir {outdir} " + " ".join(
            src for src, _ in items
        )
        subprocess.run(cmd, shell=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for src, dest in items:
            made = os.path.join(outdir, os.path.basename(src)[: -len(".fods")] + "." + ext)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.move(made, dest)


def office_file(text, ext, dest, work):
    """A real Writer document (.docx, .pdf) made from a line of text, for the stray-file cases."""
    src = os.path.join(work, "note.txt")
    with open(src, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    subprocess.run(
        ["soffice", "--headless", "--norestore", "--convert-to", ext, "--outdir", work, src],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    shutil.move(os.path.join(work, "note." + ext), dest)


# ---------------------------------------------------------------------------------------------
# Building blocks of an agency's workbook.

TASK_HEADER = ["STT", "Tên nhiệm vụ", "Tình trạng", "Ngày hoàn thành", "Kết quả thực hiện"]
IND_HEADER = ["Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Kết quả thực hiện", "Tự đánh giá", "Ghi chú"]


def head(sheet, agency_name, report_date):
    """Title, agency line and report date in rows 1–3 (the generator's form does the same)."""
    sheet.put("A1", "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH 6 THÁNG CUỐI NĂM 2026")
    sheet.put("A2", "Cơ quan báo cáo:", agency_name)
    if report_date is not None:
        sheet.put("A3", "Ngày báo cáo:", report_date)
    return sheet


def task_table(sheet, top, rows):
    """A task table with the generator's header at row `top`; rows are (code, status, date, result)."""
    sheet.put(f"A{top}", *TASK_HEADER)
    for i, (code, status, done, result) in enumerate(rows):
        name = TASK_NAME.get(str(code).strip(" .").lstrip("NV0") or "0", "")[:60]
        sheet.put(f"A{top + 1 + i}", code, name, status, done, result)
    return sheet


def ind_table(sheet, top, rows):
    """An indicator table; rows are (code, name or None for the plan's, value, assessment)."""
    sheet.put(f"A{top}", *IND_HEADER)
    for i, (code, name, value, assessment) in enumerate(rows):
        plan = IND.get(str(code), {})
        shown = plan.get("name", "")[:60] if name is None else name
        sheet.put(f"A{top + 1 + i}", code, shown, plan.get("unit", ""), value, assessment)
    return sheet


def filler(agency, status="Đang thực hiện", skip=()):
    """Rows for every assigned task not otherwise in the scenario, with their expected reading."""
    rows, expect = [], []
    for code in tasks_of(agency):
        if code in skip:
            continue
        rows.append((code, status, None, None))
        expect.append(task(agency, code, status))
    return rows, expect


# ---------------------------------------------------------------------------------------------
# Expectations.


def task(agency, code, status, completed=None, result=None):
    t = {"agency": agency, "code": str(code), "status": status}
    if completed:
        t["completed"] = completed
    if result is not None:
        t["result"] = result
    return t


def ind(code, value):
    return {"code": str(code), "value": value}


def diag(severity, code, at, message, found=None, expected=None):
    d = {"severity": severity, "code": code, "at": at, "message": message}
    if found is not None:
        d["found"] = found
    if expected is not None:
        d["expected"] = expected
    return d


def sub(agency, file, state, report_date=None):
    s = {"agency": agency, "file": file, "state": state}
    if report_date:
        s["report_date"] = report_date
    return s


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    s = v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{s}"'


def write_expected(path, scenario):
    lines = [
        "# Written by scripts/make-scenario-fixtures.py: what tonghop must read from input/.",
        f"# Case: {scenario['case']}",
        f"exit = {scenario.get('exit', 1)}",
    ]
    if scenario.get("mtimes"):
        lines.append(f"# Modification times set by the test, oldest first.\nmtime_order = {toml_value(scenario['mtimes'])}")
    lines.append(f"agencies = {toml_value(scenario['agencies'])}")
    if scenario.get("skipped"):
        lines.append(f"skipped = {toml_value(scenario['skipped'])}")
    for table, key in [("task", "tasks"), ("indicator", "indicators"), ("submission", "submissions"), ("diagnostic", "diagnostics")]:
        for item in scenario.get(key, []):
            lines.append(f"\n[[{table}]]")
            for k, v in item.items():
                lines.append(f"{k} = {toml_value(v)}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


# ---------------------------------------------------------------------------------------------
# The scenarios. Each returns (books, expectations); `d` is the scenario's input folder.

D = dt.date


def s01_titles_above_table(d):
    """Banner rows, the agency name two cells right of its label, header in row 8, columns in
    another order with unknown ones, a group row, a blank row and notes under the table (.xls)."""
    s = Sheet("Báo cáo")
    s.merge("A1:H1", "BỆNH VIỆN TRUNG ƯƠNG HUẾ")
    s.merge("A2:H2", "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH KH&CN, ĐMST VÀ CĐS 6 THÁNG CUỐI NĂM 2026")
    s.put("A4", "Tên đơn vị:", None, "Bệnh viện TW Huế")
    s.put("A5", "Ngày báo cáo:", D(2026, 11, 18))
    s.put("A8", "Mã NV", "Tiến độ thực hiện", "Người theo dõi", "Nội dung nhiệm vụ", "Thời điểm hoàn thành", "Sản phẩm", "Vướng mắc", "Kiến nghị")
    s.put("A9", "I", None, None, "NHÓM NHIỆM VỤ Y TẾ SỐ")
    s.put("A10", "NV45", "Hoàn thành", "Phòng CNTT", TASK_NAME["45"][:50], D(2026, 9, 30), "Đưa vào vận hành hệ thống bệnh án điện tử")
    s.put("A12", "046.", "Đang triển khai", "Phòng KHTH", TASK_NAME["46"][:50], None, "Hoàn thành 60% khối lượng", "Thiếu kinh phí", "Bổ sung kinh phí năm 2027")
    s.put("A14", "Ghi chú: số liệu tính đến ngày 15/11/2026.")
    s.put("F16", "Người lập biểu")
    f = "bao-cao-bv-tw-hue.xls"
    return [Book(os.path.join(d, f), [s])], {
        "agencies": ["bv-tw-hue"],
        "tasks": [
            task("bv-tw-hue", 45, "Hoàn thành", "2026-09-30", "Đưa vào vận hành hệ thống bệnh án điện tử"),
            task("bv-tw-hue", 46, "Đang thực hiện", None, "Hoàn thành 60% khối lượng"),
        ],
        "submissions": [sub("bv-tw-hue", f, "OnTime", "2026-11-18")],
        "diagnostics": [],
    }


def two_row_tables(agency_line, tasks_rows, merge_status, ind_rows):
    """Tasks and indicators under two-row merged headers ("Thực hiện" over "Tình trạng | Ngày
    hoàn thành", "Kết quả" over "Số liệu | Đánh giá"), with merged data cells."""
    t = Sheet("Nhiệm vụ")
    t.put("A1", agency_line)
    t.put("A2", "Ngày báo cáo:", "19/11/2026")
    t.merge("A4:A5", "STT").merge("B4:B5", "Tên nhiệm vụ").merge("C4:D4", "Thực hiện").merge("E4:E5", "Kết quả đạt được")
    t.put("C5", "Tình trạng", "Ngày hoàn thành")
    for i, (code, status, done, result) in enumerate(tasks_rows):
        t.put(f"A{6 + i}", code, TASK_NAME[code][:50], status, done, result)
    for area, value in merge_status:
        t.merge(area, value)
    sheets = [t]
    if ind_rows:
        c = Sheet("Chỉ tiêu")
        c.merge("A1:F1", "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
        c.merge("A3:A4", "Mã chỉ tiêu").merge("B3:B4", "Tên chỉ tiêu").merge("C3:C4", "ĐVT").merge("D3:E3", "Kết quả")
        c.merge("F3:F4", "Ghi chú")
        c.put("D4", "Số liệu", "Đánh giá")
        for i, (code, value, assessment, note) in enumerate(ind_rows):
            c.put(f"A{5 + i}", code, IND[code]["name"][:50], IND[code]["unit"], value, assessment, note)
        sheets.append(c)
    return sheets


def s02_two_row_merged_header(d):
    """Two-row merged headers on both tables; a status and a date merged over two task rows (.xlsx)."""
    sheets = two_row_tables(
        "Cơ quan báo cáo: Đại học Huế",
        [("50", None, None, "Ban hành đề án"), ("51", None, None, "Đã nghiệm thu"), ("52", "Chưa thực hiện", None, None)],
        [("C6:C7", "Hoàn thành"), ("D6:D7", D(2026, 10, 31))],
        [("14", "top 3", "Đạt", "Xếp hạng trong nước 2026")],
    )
    f = "dai-hoc-hue.xlsx"
    return [Book(os.path.join(d, f), sheets)], {
        "agencies": ["dai-hoc-hue"],
        "tasks": [
            task("dai-hoc-hue", 50, "Hoàn thành", "2026-10-31", "Ban hành đề án"),
            task("dai-hoc-hue", 51, "Hoàn thành", "2026-10-31", "Đã nghiệm thu"),
            task("dai-hoc-hue", 52, "Chưa thực hiện"),
        ],
        "indicators": [ind(14, 3.0)],
        "submissions": [sub("dai-hoc-hue", f, "OnTime", "2026-11-19")],
        "diagnostics": [],
    }


def s03_merged_cells_ods(d):
    """The same two-row merged header and merged status saved as .ods, whose merges calamine does
    not report: tonghop reads them from the file itself."""
    sheets = two_row_tables(
        "Cơ quan báo cáo: Bệnh viện Trung ương Huế",
        [("45", None, None, "Vận hành bệnh án điện tử"), ("46", None, None, "Triển khai tại 12 khoa")],
        [("C6:C7", "Đang thực hiện")],
        [],
    )
    f = "bv-tw-hue.ods"
    return [Book(os.path.join(d, f), sheets)], {
        "agencies": ["bv-tw-hue"],
        "tasks": [
            task("bv-tw-hue", 45, "Đang thực hiện", None, "Vận hành bệnh án điện tử"),
            task("bv-tw-hue", 46, "Đang thực hiện", None, "Triển khai tại 12 khoa"),
        ],
        "submissions": [sub("bv-tw-hue", f, "OnTime", "2026-11-19")],
        "diagnostics": [],
    }


def s04_hidden_sheets(d):
    """Tables on a hidden sheet are read as a last resort, and said; a visible table wins over a
    hidden older one (.ods)."""
    guide = Sheet("Hướng dẫn").put("A1", "Điền bảng ở trang tính Nhiệm vụ.")
    hidden = head(Sheet("Nhiệm vụ", hidden=True), "Trường Đại học Y - Dược, Đại học Huế", "20/11/2026")
    task_table(hidden, 5, [("41", "Hoàn thành", "30/10/2026", "Đề án được phê duyệt")])
    shown = head(Sheet("Báo cáo"), "HueCIT", "21/11/2026")
    task_table(shown, 5, [("38", "Thường xuyên", None, "Vận hành IOC 24/7")])
    old = head(Sheet("Kỳ trước", hidden=True), "HueCIT", "20/05/2026")
    task_table(old, 5, [("38", "Chưa thực hiện", None, None)])
    return [
        Book(os.path.join(d, "truong-dhyd.ods"), [guide, hidden]),
        Book(os.path.join(d, "huecit.ods"), [shown, old]),
    ], {
        "agencies": ["truong-dhyd", "huecit"],
        "tasks": [
            task("truong-dhyd", 41, "Hoàn thành", "2026-10-30", "Đề án được phê duyệt"),
            task("huecit", 38, "Thường xuyên", None, "Vận hành IOC 24/7"),
        ],
        "submissions": [
            sub("truong-dhyd", "truong-dhyd.ods", "OnTime", "2026-11-20"),
            sub("huecit", "huecit.ods", "OnTime", "2026-11-21"),
        ],
        "diagnostics": [
            diag("cảnh báo", "hidden-sheet", "truong-dhyd.ods › Nhiệm vụ", "bảng được đọc từ một trang tính đang ẩn"),
        ],
    }


UNKNOWN_AGENCY = "tên cơ quan báo cáo không có trong danh mục của kế hoạch; tệp không được tổng hợp"
NO_DATE = 'thiếu ô "Ngày báo cáo:"; không xác định được báo cáo đúng hạn hay trễ hạn'
DUP = '{} gửi nhiều tệp; dùng tệp "{}" ({}), bỏ qua tệp này'
CNSH = "Viện Công nghệ sinh học, Đại học Huế"
HUECIT = "Trung tâm Giám sát, điều hành đô thị thông minh thành phố Huế"


def nfd(text):
    return unicodedata.normalize("NFD", text)


def s05_agency_names(d):
    """Agency names as people write them: NFD, capitals and doubled spaces, "&" for "và", the
    label with the name in the same cell, a pre-2025 name, the file name as last resort, and a
    name not in the registry (.xlsx)."""
    books, tasks, diags, subs = [], [], [], []
    # NFD, capitals, doubled spaces; a result with a line break.
    s = Sheet("Sheet1").put("A1", "Cơ quan, đơn vị:", nfd("VIỆN  CÔNG NGHỆ SINH HỌC,  ĐẠI HỌC HUẾ"))
    s.put("A2", "Ngày báo cáo:", "20/11/2026")
    task_table(s, 4, [("40", nfd("Hoàn thành"), "15/11/2026", Lines([nfd("Nghiệm thu đề tài"), nfd("Đăng ký sở hữu trí tuệ")]))])
    books.append(Book(os.path.join(d, "vien.xlsx"), [s]))
    tasks.append(task("vien-cnsh", 40, "Hoàn thành", "2026-11-15", "Nghiệm thu đề tài\nĐăng ký sở hữu trí tuệ"))
    subs.append(sub("vien-cnsh", "vien.xlsx", "OnTime", "2026-11-20"))
    # "&" for "và", label and name in one cell.
    s = Sheet("Sheet1").put("A1", "Đơn vị báo cáo: Liên hiệp các Hội Khoa học & Kỹ thuật thành phố Huế")
    s.put("A2", "Ngày báo cáo:", "20/11/2026")
    task_table(s, 4, [("19", "Hoàn thành", "01/11/2026", "Tổ chức hội thi")])
    books.append(Book(os.path.join(d, "lhh.xlsx"), [s]))
    tasks.append(task("lhh-khkt", 19, "Hoàn thành", "2026-11-01", "Tổ chức hội thi"))
    subs.append(sub("lhh-khkt", "lhh.xlsx", "OnTime", "2026-11-20"))
    # No label at all: the file name says who.
    s = Sheet("Sheet1").put("A1", "Ngày báo cáo:", "20/11/2026")
    task_table(s, 3, [("41", "Đang thực hiện", None, None)])
    fname = "Trường Đại học Y Dược Huế.xlsx"
    books.append(Book(os.path.join(d, fname), [s]))
    tasks.append(task("truong-dhyd", 41, "Đang thực hiện"))
    subs.append(sub("truong-dhyd", fname, "OnTime", "2026-11-20"))
    diags.append(
        diag(
            "cảnh báo",
            "agency-from-filename",
            fname,
            'không thấy ô "Cơ quan báo cáo:"; cơ quan được xác định theo tên tệp',
            found="Trường Đại học Y Dược Huế",
            expected="Trường Đại học Y - Dược, Đại học Huế",
        )
    )
    # A pre-2025 name: the Sở Kế hoạch và Đầu tư reports for the Sở Tài chính.
    s = head(Sheet("Báo cáo"), "Sở Kế hoạch và Đầu tư", "20/11/2026")
    rows, exp = filler("so-tai-chinh")
    task_table(s, 5, rows)
    ind_table(s, 7 + len(rows), [("12", None, "3,2", None), ("20", None, 1, None)])
    books.append(Book(os.path.join(d, "so-khdt.xlsx"), [s]))
    tasks.extend(exp)
    subs.append(sub("so-tai-chinh", "so-khdt.xlsx", "OnTime", "2026-11-20"))
    diags.append(
        diag(
            "cảnh báo",
            "agency-predecessor",
            "so-khdt.xlsx › Báo cáo › B2",
            '"Sở Kế hoạch và Đầu tư" đã sắp xếp lại; báo cáo được tính cho Sở Tài chính',
        )
    )
    # Indicator 6 was the Sở KH&ĐT's too: the sheet leaves it out.
    diags.append(
        diag("cảnh báo", "indicator-missing", "so-khdt.xlsx", "thiếu 1 chỉ tiêu được giao theo dõi", found="không có dòng cho chỉ tiêu 6")
    )
    # Not in the registry.
    s = head(Sheet("Sheet1"), "Sở Hàng hải", "20/11/2026")
    task_table(s, 5, [("3", "Hoàn thành", None, None)])
    books.append(Book(os.path.join(d, "hang-hai.xlsx"), [s]))
    diags.append(diag("lỗi", "agency-unknown", "hang-hai.xlsx › Sheet1 › B2", UNKNOWN_AGENCY, found="Sở Hàng hải"))
    return books, {
        "agencies": ["vien-cnsh", "lhh-khkt", "truong-dhyd", "so-tai-chinh"],
        "tasks": tasks,
        "indicators": [ind(12, 3.2), ind(20, 1.0)],
        "submissions": subs,
        "diagnostics": diags,
    }


def s06_dates(d):
    """Completion dates in every form the spec accepts, and three it must refuse (.xlsx)."""
    agency = "phuong-thuan-hoa"
    codes = tasks_of(agency)
    forms = [
        (D(2026, 10, 5), "2026-10-05"),
        (46311, "2026-10-16"),  # a serial number in a General cell
        ("25/10/2026", "2026-10-25"),
        ("25-10-2026", "2026-10-25"),
        ("25.10.2026", "2026-10-25"),
        ("tháng 9/2026", "2026-09-30"),
        ("9/2026", "2026-09-30"),
        ("ngày 5 tháng 8 năm 2026", "2026-08-05"),
        ("05/08/26", "2026-08-05"),
        ("31/02/2026", None),
        ("10/25/2026", None),  # month first: never read as 25 October
        ("Quý III/2026", "2026-09-30"),
        ("sắp hoàn thành", None),
    ]
    s = head(Sheet("Nhiệm vụ"), "UBND phường Thuận Hóa", "20-11-2026")
    rows, tasks, diags = [], [], []
    for i, code in enumerate(codes):
        if i < len(forms):
            written, iso = forms[i]
            rows.append((code, "Hoàn thành", written, None))
            tasks.append(task(agency, code, "Hoàn thành", iso))
            if iso is None:
                cell = f"D{6 + i}"
                diags.append(diag("cảnh báo", "date-invalid", f"thuan-hoa.xlsx › Nhiệm vụ › {cell}", f"không đọc được ngày hoàn thành của nhiệm vụ {code}", found=written))
        else:
            rows.append((code, "Đang thực hiện", None, None))
            tasks.append(task(agency, code, "Đang thực hiện"))
    task_table(s, 5, rows)
    return [Book(os.path.join(d, "thuan-hoa.xlsx"), [s])], {
        "agencies": [agency],
        "tasks": tasks,
        "submissions": [sub(agency, "thuan-hoa.xlsx", "OnTime", "2026-11-20")],
        "diagnostics": diags,
    }


def s07_dates_1904(d):
    """A workbook in the 1904 date system (old Mac Excel): date cells keep their dates, and a
    serial number pasted as a plain number counts from 1904 too (.xlsx)."""
    s = head(Sheet("Báo cáo"), "Viện Nghiên cứu phát triển thành phố Huế", D(2026, 11, 20))
    # 44848 days after 1 January 1904 is 15 October 2026 (46310 in the 1900 system).
    task_table(s, 5, [("39", "Hoàn thành", 44848, "Báo cáo chuyên đề")])
    return [Book(os.path.join(d, "vien-ncpt-mac.xlsx"), [s], null_date_1904=True)], {
        "agencies": ["vien-ncpt"],
        "tasks": [task("vien-ncpt", 39, "Hoàn thành", "2026-10-15", "Báo cáo chuyên đề")],
        "submissions": [sub("vien-ncpt", "vien-ncpt-mac.xlsx", "OnTime", "2026-11-20")],
        "diagnostics": [],
    }


def s08_status_variants(d):
    """Statuses as people type them, codes in every accepted form, one word that is no status and
    one empty status (.xls)."""
    agency = "phuong-an-cuu"
    codes = tasks_of(agency)
    variants = [
        ("Đã hoàn thành", "Hoàn thành"),
        ("HT", "Hoàn thành"),
        ("Hoàn thành.", "Hoàn thành"),
        ("hoan thanh", "Hoàn thành"),
        ("HOÀN THÀNH", "Hoàn thành"),
        ("Đang triển khai", "Đang thực hiện"),
        ("Đang TH", "Đang thực hiện"),
        ("đang thực hiện", "Đang thực hiện"),
        ("Chưa triển khai", "Chưa thực hiện"),
        ("Chưa thực hiện", "Chưa thực hiện"),
        ("Thường xuyên", "Thường xuyên"),
        ("Thực hiện thường xuyên", "Thường xuyên"),
        ("  Đang   thực hiện ", "Đang thực hiện"),
        ("Tốt", None),
        ("", None),
    ]
    code_forms = [lambda c: c + ".", lambda c: c.zfill(2), lambda c: "NV" + c.zfill(2), lambda c: float(c), lambda c: c]
    s = head(Sheet("Nhiệm vụ"), "UBND phường An Cựu", "20/11/2026")
    rows, tasks, diags = [], [], []
    for i, code in enumerate(codes):
        written_code = code_forms[i % len(code_forms)](code)
        if i < len(variants):
            written, status = variants[i]
        else:
            written, status = "Đang thực hiện", "Đang thực hiện"
        rows.append((written_code, written or None, None, None))
        if status:
            tasks.append(task(agency, code, status))
        elif written:
            diags.append(diag("lỗi", "status-invalid", f"an-cuu.xls › Nhiệm vụ › C{6 + i}", f'tình trạng của nhiệm vụ {code} không hợp lệ; được tính là "Chưa báo cáo"', found=written))
        else:
            diags.append(diag("lỗi", "status-empty", f"an-cuu.xls › Nhiệm vụ › C{6 + i}", f'nhiệm vụ {code} chưa ghi tình trạng; được tính là "Chưa báo cáo"'))
    task_table(s, 5, rows)
    return [Book(os.path.join(d, "an-cuu.xls"), [s])], {
        "agencies": [agency],
        "tasks": tasks,
        "submissions": [sub(agency, "an-cuu.xls", "OnTime", "2026-11-20")],
        "diagnostics": diags,
    }


def s09_indicator_values(d):
    """Indicator values in every form: numbers with binary noise, Vietnamese notation, "%" signs,
    a percentage-formatted fraction, ranks in words, self-assessments, an 8.1 typed as a number
    with no name to decide it, and a value that is no number (.ods)."""
    agency = "so-khcn"
    rows_t, exp_t = filler(agency)
    values = [
        ("1", None, None, "Đạt", None),
        ("2", None, None, "Chưa đạt", None),
        ("3", None, "hạng 8", None, 8.0),
        ("4", None, "top 5", None, 5.0),
        ("5", None, 1, None, 1.0),
        ("6", None, "62,5", None, 62.5),
        ("7", None, "18,5%", None, 18.5),
        (8.1, "", Pct(0.72), None, 72.0),
        ("10", None, 40.00000000000001, None, 40.0),
        ("11", None, "0,78", None, 0.78),
        ("13", None, "12,5", None, 12.5),
        ("15", None, "1,3", None, 1.3),
        ("16", None, "1.300", None, 1300.0),
        ("17", None, "9,5", None, 9.5),
        ("18", None, "thứ 7", None, 7.0),
        ("19", None, "hạng 12", None, 12.0),
        ("21", None, "100%", None, 100.0),
        ("23", None, "95 %", None, 95.0),
        ("25", None, "chưa có số liệu", None, None),
        ("26", None, " 31,25 ", None, 31.25),
        ("27", None, 5, None, 5.0),
        ("28", None, "2", None, 2.0),
    ]
    s = head(Sheet("Báo cáo"), "Sở KH&CN", "20/11/2026")
    task_table(s, 5, rows_t)
    top = 7 + len(rows_t)
    ind_table(s, top, [(c, n, v, a) for c, n, v, a, _ in values])
    inds = [ind(c, e) for c, _, _, _, e in values if e is not None]
    diags = []
    for i, (c, _, v, _, _) in enumerate(values):
        r = top + 1 + i
        if c == 8.1:
            diags.append(diag("cảnh báo", "code-ambiguous", f"so-khcn.ods › Báo cáo › A{r}", "mã 8.1 nhập dạng số có thể là 8.1 hoặc 8.10; đã hiểu là 8.1", found="8.1"))
            diags.append(diag("cảnh báo", "percent-fraction", f"so-khcn.ods › Báo cáo › D{r}", "chỉ tiêu 8.1 tính bằng %: đã hiểu 0,72 là 72%", found="0,72"))
        if c == "25":
            diags.append(diag("lỗi", "value-invalid", f"so-khcn.ods › Báo cáo › D{r}", "không đọc được số liệu của chỉ tiêu 25", found="chưa có số liệu"))
    # Indicators 1 and 2 are qualitative: their verdict is the self-assessment.
    missing = [c for c in indicators_of(agency) if c not in {str(v[0]) for v in values}]
    if missing:
        diags.append(diag("cảnh báo", "indicator-missing", "so-khcn.ods", "INDICATOR-MISSING", found="không có dòng cho chỉ tiêu " + ", ".join(missing)))
    return [Book(os.path.join(d, "so-khcn.ods"), [s])], {
        "agencies": [agency],
        "tasks": exp_t,
        "indicators": inds,
        "submissions": [sub(agency, "so-khcn.ods", "OnTime", "2026-11-20")],
        "diagnostics": diags,
    }


def s10_code_8_10(d):
    """"8.10" typed as a number reads back as 8.1; the name column decides it (.xlsx)."""
    agency = "vp-ubnd"
    rows_t, exp_t = filler(agency)
    s = head(Sheet("Báo cáo"), "VP UBND thành phố", "20/11/2026")
    task_table(s, 5, rows_t)
    rows, inds = [], []
    for k in range(2, 13):
        code = f"8.{k}"
        typed = 8.1 if k == 10 else (float(code) if k < 10 else code)
        rows.append((typed, IND[code]["name"][:60], 90 + k % 5, None))
        inds.append(ind(code, float(90 + k % 5)))
    ind_table(s, 7 + len(rows_t), rows)
    return [Book(os.path.join(d, "vp-ubnd.xlsx"), [s])], {
        "agencies": [agency],
        "tasks": exp_t,
        "indicators": inds,
        "submissions": [sub(agency, "vp-ubnd.xlsx", "OnTime", "2026-11-20")],
        "diagnostics": [],
    }


def s11_duplicates(d):
    """Two workbooks from one agency: the later "Ngày báo cáo" wins; without dates, the later
    modification time (the test sets them) (.xlsx and .ods)."""
    a = head(Sheet("Báo cáo"), "Viện CNSH", "10/11/2026")
    task_table(a, 5, [("40", "Đang thực hiện", None, "Đang thử nghiệm")])
    b = head(Sheet("Báo cáo"), "Viện CNSH", "20/11/2026")
    task_table(b, 5, [("40", "Hoàn thành", "18/11/2026", "Đã nghiệm thu")])
    c = head(Sheet("Báo cáo"), "HueCIT", None)
    task_table(c, 4, [("38", "Đang thực hiện", None, "Bản cũ")])
    e = head(Sheet("Báo cáo"), "HueCIT", None)
    task_table(e, 4, [("38", "Thường xuyên", None, "Bản sửa")])
    return [
        Book(os.path.join(d, "vien-cnsh-lan-1.xlsx"), [a]),
        Book(os.path.join(d, "vien-cnsh-lan-2.ods"), [b]),
        Book(os.path.join(d, "huecit-cu.xlsx"), [c]),
        Book(os.path.join(d, "huecit-moi.xlsx"), [e]),
    ], {
        "mtimes": ["huecit-cu.xlsx", "huecit-moi.xlsx"],
        "agencies": ["vien-cnsh", "huecit"],
        "tasks": [
            task("vien-cnsh", 40, "Hoàn thành", "2026-11-18", "Đã nghiệm thu"),
            task("huecit", 38, "Thường xuyên", None, "Bản sửa"),
        ],
        "submissions": [
            sub("vien-cnsh", "vien-cnsh-lan-2.ods", "OnTime", "2026-11-20"),
            sub("huecit", "huecit-moi.xlsx", "Undated"),
        ],
        "diagnostics": [
            diag("cảnh báo", "duplicate-file", "vien-cnsh-lan-1.xlsx", DUP.format(CNSH, "vien-cnsh-lan-2.ods", 'có "Ngày báo cáo" muộn nhất')),
            diag("cảnh báo", "duplicate-file", "huecit-cu.xlsx", DUP.format(HUECIT, "huecit-moi.xlsx", "được lưu sau cùng")),
            # Both HueCIT files lack the date: each is told so.
            diag("cảnh báo", "report-date-missing", "huecit-cu.xlsx", NO_DATE),
            diag("cảnh báo", "report-date-missing", "huecit-moi.xlsx", NO_DATE),
        ],
    }


def s12_rows_not_counted(d):
    """Rows that are shown but not counted: a task not assigned to the sender, codes not in the
    plan, the same code twice (the first stands), an indicator the sender does not track (.xls)."""
    s = head(Sheet("Báo cáo"), "Viện NCPT", "20/11/2026")
    task_table(
        s,
        5,
        [
            ("39", "Đang thực hiện", None, "Dòng đầu"),
            ("40", "Hoàn thành", None, None),
            ("99", "Hoàn thành", None, None),
            ("39", "Hoàn thành", None, "Dòng lặp"),
        ],
    )
    ind_table(s, 11, [("14", None, "3", None), ("8.13", "Chỉ tiêu mới", "50", None)])
    f = "vien-ncpt.xls"
    return [Book(os.path.join(d, f), [s])], {
        "agencies": ["vien-ncpt"],
        "tasks": [task("vien-ncpt", 39, "Đang thực hiện", None, "Dòng đầu")],
        "submissions": [sub("vien-ncpt", f, "OnTime", "2026-11-20")],
        "diagnostics": [
            diag("cảnh báo", "task-not-assigned", f"{f} › Báo cáo › A7", "nhiệm vụ 40 không giao cho cơ quan này chủ trì; dòng này không được tính", found="40"),
            diag("cảnh báo", "code-unknown", f"{f} › Báo cáo › A8", "mã nhiệm vụ 99 không có trong kế hoạch; dòng này không được tính", found="99"),
            diag("lỗi", "code-duplicate", f"{f} › Báo cáo › A9", "nhiệm vụ 39 xuất hiện lần nữa; chỉ dòng đầu tiên được tính", found="39"),
            diag("cảnh báo", "indicator-not-tracked", f"{f} › Báo cáo › A12", "chỉ tiêu 14 không giao cho cơ quan này theo dõi; số liệu không được tính", found="14"),
            diag("cảnh báo", "code-unknown", f"{f} › Báo cáo › A13", "mã chỉ tiêu 8.13 không có trong kế hoạch; dòng này không được tính", found="8.13"),
        ],
    }


def s13_late_and_undated(d):
    """A report dated after the deadline is late; one with no "Ngày báo cáo" is undated (.xlsx)."""
    a = head(Sheet("Báo cáo"), "Liên hiệp các Hội KHKT", "26/11/2026")
    task_table(a, 5, [("19", "Hoàn thành", "20/11/2026", None)])
    b = head(Sheet("Báo cáo"), "Trường ĐHYD Huế", None)
    task_table(b, 4, [("41", "Đang thực hiện", None, None)])
    return [Book(os.path.join(d, "lhh-khkt.xlsx"), [a]), Book(os.path.join(d, "truong-dhyd.xlsx"), [b])], {
        "agencies": ["lhh-khkt", "truong-dhyd"],
        "tasks": [task("lhh-khkt", 19, "Hoàn thành", "2026-11-20"), task("truong-dhyd", 41, "Đang thực hiện")],
        "submissions": [
            sub("lhh-khkt", "lhh-khkt.xlsx", "Late", "2026-11-26"),
            sub("truong-dhyd", "truong-dhyd.xlsx", "Undated"),
        ],
        "diagnostics": [
            diag("cảnh báo", "late", "lhh-khkt.xlsx", "báo cáo ngày 26/11/2026 sau hạn 25/11/2026"),
            diag("cảnh báo", "report-date-missing", "truong-dhyd.xlsx", NO_DATE),
        ],
    }


def s14_mixed_folder(d, work):
    """What lands in input/ on a bad day: good files in per-agency sub-folders (.xlsm among
    them), a duplicate, an unknown agency, a lock file, a hidden file, a .docx and a .pdf, a
    zero-byte file, a truncated file, a corrupt one and a password-protected one."""
    a = head(Sheet("Báo cáo"), "Bệnh viện TW Huế", "20/11/2026")
    task_table(a, 5, [("45", "Hoàn thành", "01/10/2026", None), ("46", "Đang thực hiện", None, None)])
    b = head(Sheet("Báo cáo"), "Viện CNSH", "19/11/2026")
    task_table(b, 5, [("40", "Hoàn thành", "15/11/2026", None)])
    old = head(Sheet("Báo cáo"), "Viện CNSH", "02/11/2026")
    task_table(old, 5, [("40", "Đang thực hiện", None, None)])
    unknown = head(Sheet("Báo cáo"), "Ban Quản lý dự án ABC", "20/11/2026")
    task_table(unknown, 5, [("40", "Hoàn thành", None, None)])
    books = [
        Book(os.path.join(d, "Bệnh viện TW Huế", "bao-cao.xlsm"), [a]),
        Book(os.path.join(d, "Viện CNSH", "bao-cao.xlsx"), [b]),
        Book(os.path.join(d, "Viện CNSH", "bao-cao-cu.xls"), [old]),
        Book(os.path.join(d, "ban-qlda.xlsx"), [unknown]),
    ]
    convert_all(books, work)
    good = open(os.path.join(d, "Viện CNSH", "bao-cao.xlsx"), "rb").read()
    with open(os.path.join(d, "Viện CNSH", "~$bao-cao.xlsx"), "wb") as f:
        f.write(b"\x0cnguoi dung" + b"\x00" * 150)
    with open(os.path.join(d, ".bao-cao-an.xlsx"), "wb") as f:
        f.write(good)
    open(os.path.join(d, "rong.xlsx"), "wb").close()
    with open(os.path.join(d, "cat-do.xlsx"), "wb") as f:
        f.write(good[: len(good) // 2])
    with open(os.path.join(d, "hong.ods"), "wb") as f:
        f.write(bytes((i * 37 + 11) % 256 for i in range(3000)))
    office_file("Công văn gửi kèm báo cáo.", "docx", os.path.join(d, "cong-van.docx"), work)
    office_file("Công văn gửi kèm báo cáo.", "pdf", os.path.join(d, "cong-van.pdf"), work)
    subprocess.run(
        ["msoffcrypto-tool", "-e", "-p", "matkhau", os.path.join(d, "ban-qlda.xlsx"), os.path.join(d, "khoa.xlsx")],
        check=True,
    )
    return [], {
        "agencies": ["bv-tw-hue", "vien-cnsh"],
        "tasks": [
            task("bv-tw-hue", 45, "Hoàn thành", "2026-10-01"),
            task("bv-tw-hue", 46, "Đang thực hiện"),
            task("vien-cnsh", 40, "Hoàn thành", "2026-11-15"),
        ],
        "submissions": [
            sub("bv-tw-hue", "Bệnh viện TW Huế/bao-cao.xlsm", "OnTime", "2026-11-20"),
            sub("vien-cnsh", "Viện CNSH/bao-cao.xlsx", "OnTime", "2026-11-19"),
        ],
        "diagnostics": [
            diag("cảnh báo", "duplicate-file", "Viện CNSH/bao-cao-cu.xls", DUP.format(CNSH, "Viện CNSH/bao-cao.xlsx", 'có "Ngày báo cáo" muộn nhất')),
            diag("lỗi", "agency-unknown", "ban-qlda.xlsx › Báo cáo › B2", UNKNOWN_AGENCY, found="Ban Quản lý dự án ABC"),
            diag("lỗi", "file-unreadable", "rong.xlsx", "không đọc được tệp: tệp rỗng (0 byte)"),
            diag("lỗi", "file-unreadable", "cat-do.xlsx", "không đọc được tệp: tệp hỏng hoặc không đúng định dạng bảng tính: tệp nén (.xlsx, .ods) bị cắt cụt hoặc hỏng: không đọc được mục lục của tệp"),
            diag("lỗi", "file-unreadable", "hong.ods", "không đọc được tệp: tệp hỏng hoặc không đúng định dạng bảng tính: không phải tệp Excel hay OpenDocument"),
            diag("lỗi", "file-unreadable", "khoa.xlsx", "không đọc được tệp: tệp được bảo vệ bằng mật khẩu"),
        ],
        "skipped": ["Viện CNSH/~$bao-cao.xlsx", ".bao-cao-an.xlsx", "cong-van.docx", "cong-van.pdf"],
    }


def s15_status_layouts(d):
    """Statuses as offices lay them out: one column per status with a mark ("x", "X", "✓", "1",
    a note such as "80%"), two marks and no mark on a row; and a status phrase followed by a
    qualifier ("Đang thực hiện (đạt 80%)"), with one that names two statuses (.xlsx)."""
    a = "so-vhtt"
    codes = tasks_of(a)
    s = head(Sheet("Báo cáo"), "Sở Văn hóa và Thể thao", "20/11/2026")
    s.put("A5", "STT", "Tên nhiệm vụ", "Hoàn thành", "Đang thực hiện", "Thường xuyên", "Chưa thực hiện", "Kết quả thực hiện")
    column = {"Hoàn thành": 0, "Đang thực hiện": 1, "Thường xuyên": 2, "Chưa thực hiện": 3}
    marked = [
        ("x", ["Hoàn thành"]),
        ("X", ["Đang thực hiện"]),
        ("✓", ["Thường xuyên"]),
        (1, ["Chưa thực hiện"]),
        ("80%", ["Đang thực hiện"]),
        ("x", ["Hoàn thành", "Đang thực hiện"]),
        (None, []),
    ]
    f1 = "danh-dau.xlsx"
    tasks, diags = [], []
    for i, code in enumerate(codes):
        row = 6 + i
        mark, statuses = marked[i] if i < len(marked) else ("x", ["Đang thực hiện"])
        cells = [None, None, None, None]
        for st in statuses:
            cells[column[st]] = mark
        s.put(f"A{row}", code, TASK_NAME[code][:60], *cells)
        if len(statuses) == 1:
            tasks.append(task(a, code, statuses[0]))
        elif statuses:
            diags.append(diag("lỗi", "status-contradictory", f"{f1} › Báo cáo › C{row}", f'nhiệm vụ {code} được đánh dấu nhiều tình trạng; được tính là "Chưa báo cáo"', found=", ".join(statuses)))
        else:
            diags.append(diag("lỗi", "status-empty", f"{f1} › Báo cáo › C{row}", f'nhiệm vụ {code} chưa đánh dấu tình trạng; được tính là "Chưa báo cáo"'))

    b = "so-du-lich"
    written = [
        ("Hoàn thành 100%", "Hoàn thành"),
        ("Đang thực hiện (đạt 80%)", "Đang thực hiện"),
        ("Chưa thực hiện (chờ kinh phí)", "Chưa thực hiện"),
        ("Đã hoàn thành, đã nghiệm thu", "Hoàn thành"),
        ("Thường xuyên - hằng năm", "Thường xuyên"),
        ("Hoàn thành phần 1, đang thực hiện phần 2", None),
    ]
    f2 = "ghi-them.xlsx"
    t = head(Sheet("Nhiệm vụ"), "Sở Du lịch", "20/11/2026")
    rows = []
    for i, code in enumerate(tasks_of(b)):
        text, status = written[i] if i < len(written) else ("Đang thực hiện", "Đang thực hiện")
        rows.append((code, text, None, None))
        if status:
            tasks.append(task(b, code, status))
        else:
            diags.append(diag("lỗi", "status-contradictory", f"{f2} › Nhiệm vụ › C{6 + i}", f'tình trạng của nhiệm vụ {code} nêu hai tình trạng khác nhau; được tính là "Chưa báo cáo"', found=text))
    task_table(t, 5, rows)
    return [Book(os.path.join(d, f1), [s]), Book(os.path.join(d, f2), [t])], {
        "agencies": [a, b],
        "tasks": tasks,
        "submissions": [sub(a, f1, "OnTime", "2026-11-20"), sub(b, f2, "OnTime", "2026-11-20")],
        "diagnostics": diags,
    }


def s16_own_numbering(d):
    """The sender numbers its rows 1, 2, 3… itself and writes each task's name from the plan:
    every status lands under the task its name says, with one warning for the file (.xlsx)."""
    a = "so-gddt"
    codes = tasks_of(a)
    statuses = ["Hoàn thành", "Đang thực hiện", "Thường xuyên", "Chưa thực hiện"]
    s = head(Sheet("Nhiệm vụ"), "Sở Giáo dục và Đào tạo", "20/11/2026")
    rows, tasks = [], []
    for i, code in enumerate(codes):
        st = statuses[i % 4]
        rows.append((i + 1, st, None, None))
        tasks.append(task(a, code, st))
    s.put("A5", *TASK_HEADER)
    for i, (number, st, _, _) in enumerate(rows):
        s.put(f"A{6 + i}", number, TASK_NAME[codes[i]], st)
    renamed = sum(1 for i, code in enumerate(codes) if str(i + 1) != code)
    f = "so-gddt.xlsx"
    return [Book(os.path.join(d, f), [s])], {
        "agencies": [a],
        "tasks": tasks,
        "submissions": [sub(a, f, "OnTime", "2026-11-20")],
        "diagnostics": [
            diag("cảnh báo", "own-numbering", f"{f} › Nhiệm vụ", f'cột "TT" là số thứ tự riêng của cơ quan, không phải mã nhiệm vụ của kế hoạch; {renamed} dòng được xác định theo tên nhiệm vụ'),
        ],
    }


def s17_invisible_characters(d):
    """Text pasted from Word or the web: zero-width spaces, no-break spaces, a byte-order mark, a
    soft hyphen, full-width digits, in codes, statuses, labels and the agency name (.xlsx)."""
    a = "so-ngoai-vu"
    codes = tasks_of(a)
    s = Sheet("Nhiệm vụ")
    s.put("A1", "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH")
    s.put("A2", "Cơ quan\u00a0báo cáo:", "\u200bSở\u00a0Ngoại vụ\u200b")
    s.put("A3", "\ufeffNgày báo cáo:", "20/11/2026\u00a0")
    forms = [
        lambda c: "\u200b" + c + ".",
        lambda c: c + "\u00a0",
        lambda c: "".join(chr(ord(ch) + 0xFEE0) for ch in c),
        lambda c: "\ufeff" + c,
        lambda c: c + "\u200b",
    ]
    status_forms = ["Hoàn\u00a0thành", "Đang thực hiện\u00ad", "\u200bThường xuyên", "Chưa\u2009thực hiện", "Đang thực\u202fhiện"]
    plain = ["Hoàn thành", "Đang thực hiện", "Thường xuyên", "Chưa thực hiện", "Đang thực hiện"]
    rows, tasks = [], []
    for i, code in enumerate(codes):
        k = i % len(forms)
        rows.append((forms[k](code), status_forms[k], None, None))
        tasks.append(task(a, code, plain[k]))
    task_table(s, 5, rows)
    # task_table looks names up by the written code: put the plan's names back.
    for i, code in enumerate(codes):
        s.put(f"B{6 + i}", TASK_NAME[code][:60])
    f = "so-ngoai-vu.xlsx"
    return [Book(os.path.join(d, f), [s])], {
        "agencies": [a],
        "tasks": tasks,
        "submissions": [sub(a, f, "OnTime", "2026-11-20")],
        "diagnostics": [],
    }


def s18_document_header(d):
    """The sender and the date only in its own ND30 header (parent body over agency, "Số: …",
    "Thuận Hóa, ngày 18 tháng 11 năm 2026", "Kính gửi: Sở KH&CN" under the title), no label
    cells (.xlsx); and a workbook whose first sheet is a detail table with a "Đơn vị" column, the
    report on the second sheet (.xlsx)."""
    a = "phuong-thuan-hoa"
    s = Sheet("Báo cáo")
    s.put("A1", "UBND THÀNH PHỐ HUẾ", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    s.put("A2", "UBND PHƯỜNG THUẬN HÓA", None, None, "Độc lập - Tự do - Hạnh phúc")
    s.put("A3", "Số: 45/BC-UBND", None, None, "Thuận Hóa, ngày 18 tháng 11 năm 2026")
    s.put("A5", "BÁO CÁO")
    s.put("A6", "Kết quả thực hiện Kế hoạch triển khai Nghị quyết số 57-NQ/TW 6 tháng cuối năm 2026")
    s.put("A7", "Kính gửi: Sở Khoa học và Công nghệ")
    rows, tasks = filler(a, "Hoàn thành")
    task_table(s, 9, rows)
    f1 = "thuan-hoa.xlsx"

    b = "so-tu-phap"
    detail = Sheet("Chi tiết")
    detail.put("A1", "STT", "Đơn vị", "Nội dung", "Số lượng", "Ghi chú")
    for i, unit in enumerate(["Phòng Hành chính tư pháp", "Phòng Bổ trợ tư pháp", "Văn phòng Sở"]):
        detail.put(f"A{2 + i}", i + 1, unit, "Văn bản đã ban hành", 3 + i, None)
    report = head(Sheet("Báo cáo"), "Sở Tư pháp", "19/11/2026")
    rows_b, tasks_b = filler(b, "Đang thực hiện")
    task_table(report, 5, rows_b)
    f2 = "tu-phap.xlsx"
    return [Book(os.path.join(d, f1), [s]), Book(os.path.join(d, f2), [detail, report])], {
        "agencies": [a, b],
        "tasks": tasks + tasks_b,
        "submissions": [sub(a, f1, "OnTime", "2026-11-18"), sub(b, f2, "OnTime", "2026-11-19")],
        "diagnostics": [],
    }


def s19_rows_without_code_and_formulas(d):
    """Rows between the header and the end that carry no readable code: a status with an empty
    code cell and a made-up code (both said at the row), a header repeated at a page break and a
    note under the table (skipped by rule) (.xlsx by LibreOffice); and an indicator computed by a
    formula whose result was never stored, as a script writes it (.xlsx by openpyxl)."""
    a = "so-xay-dung"
    s = head(Sheet("Nhiệm vụ"), "Sở Xây dựng", "20/11/2026")
    rows, tasks = filler(a, "Đang thực hiện")
    f1 = "xay-dung.xlsx"
    s.put("A5", *TASK_HEADER)
    row, diags = 6, []
    for i, (code, st, _, _) in enumerate(rows):
        s.put(f"A{row}", code, TASK_NAME[code][:60], st)
        row += 1
        if i == 2:
            s.put(f"A{row}", None, "Hỗ trợ doanh nghiệp chuyển đổi số", "Hoàn thành", None, "Đã hỗ trợ 12 doanh nghiệp")
            diags.append(diag("cảnh báo", "row-unread", f"{f1} › Nhiệm vụ › A{row}", "dòng có nội dung nhưng không có mã nhiệm vụ đọc được; dòng này không được tính", found="(ô mã để trống)"))
            row += 1
        if i == 5:
            s.put(f"A{row}", "Nhiệm vụ phát sinh", "Số hóa hồ sơ cấp phép xây dựng", "Đang thực hiện")
            diags.append(diag("cảnh báo", "row-unread", f"{f1} › Nhiệm vụ › A{row}", "dòng có nội dung nhưng không có mã nhiệm vụ đọc được; dòng này không được tính", found="Nhiệm vụ phát sinh"))
            row += 1
        if i == 8:
            s.put(f"A{row}", *TASK_HEADER)
            row += 1
    s.put(f"A{row + 1}", "* Số liệu ước tính đến ngày 15/11/2026.")

    # A file a program wrote: openpyxl stores the formula and no result.
    import openpyxl

    b = "thong-ke"
    f2 = "thong-ke.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu"
    ws["A1"] = "Cơ quan báo cáo:"
    ws["B1"] = "Thống kê thành phố Huế"
    ws["A2"] = "Ngày báo cáo:"
    ws["B2"] = "20/11/2026"
    for c, h in enumerate(IND_HEADER, start=1):
        ws.cell(row=4, column=c, value=h)
    inds = indicators_of(b)
    ws.cell(row=5, column=1, value=inds[0])
    ws.cell(row=5, column=2, value=IND[inds[0]]["name"][:60])
    ws.cell(row=5, column=4, value="=10*5")
    ws.cell(row=6, column=1, value=inds[1])
    ws.cell(row=6, column=2, value=IND[inds[1]]["name"][:60])
    ws.cell(row=6, column=4, value=7.5)
    wb.save(os.path.join(d, f2))
    diags.append(diag("lỗi", "formula-uncomputed", f"{f2} › Chỉ tiêu › D5", "công thức chưa được tính (tệp không lưu kết quả của công thức); giá trị ô này không đọc được", found="=10*5"))
    return [Book(os.path.join(d, f1), [s])], {
        "agencies": [a, b],
        "tasks": tasks,
        "indicators": [ind(inds[1], 7.5)],
        "submissions": [sub(a, f1, "OnTime", "2026-11-20"), sub(b, f2, "OnTime", "2026-11-20")],
        "diagnostics": diags,
    }


# TCVN3 (ABC, .VnTime): the Unicode letters the legacy fonts draw from Latin-1 codes.
TCVN3 = dict(zip(
    "ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ",
    [chr(c) for c in [0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE,
     0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB,
     0xCC, 0xCE, 0xCF, 0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE,
     0xDF, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE,
     0xEF, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE]],
))


def tcvn3(text):
    """Unicode → TCVN3 as an office still typing with .VnTime stores it (upper-case accented
    letters the font lacks are typed lower-case)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in TCVN3:
            out.append(TCVN3[ch])
        elif ch.lower() in TCVN3:
            out.append(TCVN3[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def s20_legacy_tcvn3(d):
    """A workbook typed entirely in TCVN3 (labels, agency, header, statuses, task names and
    results), as offices still using .VnTime fonts send it (.xls)."""
    a = "so-cong-thuong"
    s = Sheet("Báo cáo")
    s.put("A1", tcvn3("BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH 6 THÁNG CUỐI NĂM 2026"))
    s.put("A2", tcvn3("Cơ quan báo cáo:"), tcvn3("Sở Công Thương"))
    s.put("A3", tcvn3("Ngày báo cáo:"), "20/11/2026")
    s.put("A5", *[tcvn3(h) for h in TASK_HEADER])
    statuses = ["Hoàn thành", "Đang thực hiện", "Thường xuyên", "Chưa thực hiện"]
    tasks, cells = [], 0
    for i, code in enumerate(tasks_of(a)):
        st = statuses[i % 4]
        result = "Đã triển khai ứng dụng số" if i == 0 else None
        s.put(f"A{6 + i}", code, tcvn3(TASK_NAME[code][:60]), tcvn3(st), None, tcvn3(result) if result else None)
        tasks.append(task(a, code, st, None, result))
    for v in s.cells.values():
        if isinstance(v, str) and any("\u00a0" <= ch <= "\u00ff" for ch in v):
            cells += 1
    f = "so-cong-thuong.xls"
    return [Book(os.path.join(d, f), [s])], {
        "agencies": [a],
        "tasks": tasks,
        "submissions": [sub(a, f, "OnTime", "2026-11-20")],
        "diagnostics": [
            diag("cảnh báo", "legacy-encoding", f, f"tệp gõ bằng bảng mã cũ TCVN3 (phông .VnTime); {cells} ô đã được chuyển sang Unicode để đọc"),
        ],
    }


# VNI-Windows: each letter as a base vowel and a Latin-1 mark.
VNI_UPPER = {
    "Á": "AÙ", "À": "AØ", "Ả": "AÛ", "Ã": "AÕ", "Ạ": "AÏ", "Â": "AÂ", "Ấ": "AÁ", "Ầ": "AÀ", "Ẩ": "AÅ", "Ẫ": "AÃ", "Ậ": "AÄ",
    "Ă": "AÊ", "Ắ": "AÉ", "Ằ": "AÈ", "Ẳ": "AÚ", "Ẵ": "AÜ", "Ặ": "AË", "É": "EÙ", "È": "EØ", "Ẻ": "EÛ", "Ẽ": "EÕ", "Ẹ": "EÏ",
    "Ê": "EÂ", "Ế": "EÁ", "Ề": "EÀ", "Ể": "EÅ", "Ễ": "EÃ", "Ệ": "EÄ", "Ó": "OÙ", "Ò": "OØ", "Ỏ": "OÛ", "Õ": "OÕ", "Ọ": "OÏ",
    "Ô": "OÂ", "Ố": "OÁ", "Ồ": "OÀ", "Ổ": "OÅ", "Ỗ": "OÃ", "Ộ": "OÄ", "Ơ": "Ô", "Ớ": "ÔÙ", "Ờ": "ÔØ", "Ở": "ÔÛ", "Ỡ": "ÔÕ",
    "Ợ": "ÔÏ", "Ú": "UÙ", "Ù": "UØ", "Ủ": "UÛ", "Ũ": "UÕ", "Ụ": "UÏ", "Ư": "Ö", "Ứ": "ÖÙ", "Ừ": "ÖØ", "Ử": "ÖÛ", "Ữ": "ÖÕ",
    "Ự": "ÖÏ", "Ý": "YÙ", "Ỳ": "YØ", "Ỷ": "YÛ", "Ỹ": "YÕ", "Ỵ": "Î", "Đ": "Ñ", "Ỉ": "Æ", "Ĩ": "Ó", "Ị": "Ò", "Í": "Í", "Ì": "Ì",
}


def vni(text):
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in VNI_UPPER:
            out.append(VNI_UPPER[ch])
        elif ch.upper() in VNI_UPPER and ch.upper() != ch:
            out.append(VNI_UPPER[ch.upper()].lower())
        else:
            out.append(ch)
    return "".join(out)


def s21_legacy_vni(d):
    """A workbook typed entirely in VNI (VNI-Times fonts): labels, agency, header, statuses,
    task names and results (.xlsx)."""
    a = "so-xay-dung"
    s = Sheet("Báo cáo")
    s.put("A1", vni("BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH 6 THÁNG CUỐI NĂM 2026"))
    s.put("A2", vni("Cơ quan báo cáo:"), vni("Sở Xây dựng"))
    s.put("A3", vni("Ngày báo cáo:"), "20/11/2026")
    s.put("A5", *[vni(h) for h in TASK_HEADER])
    statuses = ["Hoàn thành", "Đang thực hiện", "Thường xuyên", "Chưa thực hiện"]
    tasks = []
    for i, code in enumerate(tasks_of(a)):
        st = statuses[i % 4]
        result = "Đã số hóa hồ sơ cấp phép" if i == 0 else None
        s.put(f"A{6 + i}", code, vni(TASK_NAME[code][:60]), vni(st), None, vni(result) if result else None)
        tasks.append(task(a, code, st, None, result))
    cells = sum(1 for v in s.cells.values() if isinstance(v, str) and any("\u00a0" <= ch <= "\u00ff" for ch in v))
    f = "so-xay-dung.xlsx"
    return [Book(os.path.join(d, f), [s])], {
        "agencies": [a],
        "tasks": tasks,
        "submissions": [sub(a, f, "OnTime", "2026-11-20")],
        "diagnostics": [
            diag("cảnh báo", "legacy-encoding", f, f"tệp gõ bằng bảng mã cũ VNI (phông VNI-Times); {cells} ô đã được chuyển sang Unicode để đọc"),
        ],
    }

# ---------------------------------------------------------------------------------------------
# Issue "Read what really arrives, part 3": layouts no earlier issue named.

MISSING_TASKS = 'thiếu {n} nhiệm vụ được giao; các nhiệm vụ này được tính là "Chưa báo cáo"'


def s22_free_codes_statuses_dates(d):
    """Codes as people write them ("(3)", "6)", "III.7" for the 7th task of group III, "Nhiệm vụ
    số 26", "[37]", "Số 66"), statuses as offices abbreviate them ("Hoàn tất", "Đã HT", "Đang
    t/h", "Chưa TH", "TX"), completion dates in ISO order ("2026-10-15", "2026/10/05"); and a
    ward whose table has no code column at all: the names alone place its rows (.xlsx)."""
    a = "phuong-thuan-hoa"
    s = head(Sheet("Nhiệm vụ"), "UBND phường Thuận Hóa", "20/11/2026")
    s.put("A5", *TASK_HEADER)
    forms = {"3": "(3)", "6": "6)", "27": "III.7", "26": "Nhiệm vụ số 26", "37": "[37]", "66": "Số 66"}
    words = [("Hoàn tất", "Hoàn thành"), ("Đã HT", "Hoàn thành"), ("Đang t/h", "Đang thực hiện"),
             ("Chưa TH", "Chưa thực hiện"), ("TX", "Thường xuyên"), ("Đang TH", "Đang thực hiện")]
    dates = {"3": ("2026-10-15", "2026-10-15"), "6": ("2026/10/05", "2026-10-05")}
    tasks = []
    for i, code in enumerate(tasks_of(a)):
        written, status = words[i % len(words)]
        done, expect_done = dates.get(code, (None, None))
        if done:
            written, status = "Hoàn tất", "Hoàn thành"
        s.put(f"A{6 + i}", forms.get(code, code), TASK_NAME[code][:60], written, done)
        tasks.append(task(a, code, status, expect_done))
    f1 = "thuan-hoa.xlsx"

    b = "phuong-kim-long"
    s2 = head(Sheet("Báo cáo"), "UBND phường Kim Long", "19/11/2026")
    s2.put("A5", "Tên nhiệm vụ", "Tình trạng", "Kết quả thực hiện")
    statuses = ["Hoàn thành", "Đang thực hiện", "Thường xuyên", "Chưa thực hiện"]
    for i, code in enumerate(tasks_of(b)):
        st = statuses[i % 4]
        s2.put(f"A{6 + i}", TASK_NAME[code], st)
        tasks.append(task(b, code, st))
    f2 = "kim-long.xlsx"
    return [Book(os.path.join(d, f1), [s]), Book(os.path.join(d, f2), [s2])], {
        "agencies": [a, b],
        "tasks": tasks,
        "submissions": [sub(a, f1, "OnTime", "2026-11-20"), sub(b, f2, "OnTime", "2026-11-19")],
        "diagnostics": [],
    }


def s23_indicator_values_with_units(d):
    """Indicator values with the words around them ("Hạng 12/63", "xếp thứ 8/63 tỉnh, thành phố",
    "02 doanh nghiệp", "18,5% GRDP", "đạt 9,2%", "85% (tính đến 15/11/2026)", "62,3% (ước)"),
    and values whose unit contradicts the indicator's: a count of accounts where a share is due,
    a share over 100 %, enterprises where a share is due, a percentage where enterprises are
    due: each an error at its cell, never a verdict (.ods)."""
    a = "so-khcn"
    rows_t, exp_t = filler(a)
    f = "so-khcn.ods"
    values = [
        ("3", "Hạng 12/63", 12.0, None),
        ("27", "xếp thứ 8/63 tỉnh, thành phố", 8.0, None),
        ("5", "02 doanh nghiệp", 2.0, None),
        ("7", "18,5% GRDP", 18.5, None),
        ("10", "đạt 9,2%", 9.2, None),
        ("23", "85% (tính đến 15/11/2026)", 85.0, None),
        ("25", "62,3% (ước)", 62.3, None),
        ("6", "1.300.000", None, "giá trị là một số lượng, không phải tỷ lệ phần trăm"),
        ("21", "120%", None, "tỷ lệ lớn hơn 100%"),
        ("26", "3 doanh nghiệp", None, "giá trị là một số lượng, không phải tỷ lệ phần trăm"),
        ("28", "15%", None, "giá trị là tỷ lệ phần trăm, không phải số lượng"),
    ]
    s = head(Sheet("Báo cáo"), "Sở KH&CN", "20/11/2026")
    task_table(s, 5, rows_t)
    top = 7 + len(rows_t)
    ind_table(s, top, [(c, None, v, None) for c, v, _, _ in values])
    diags = []
    for i, (c, v, _, clash) in enumerate(values):
        if clash:
            unit = IND[c]["unit"]
            diags.append(diag("lỗi", "value-unit", f"{f} › Báo cáo › D{top + 1 + i}", f'chỉ tiêu {c} tính bằng "{unit}" nhưng {clash}; giá trị không được tính', found=v))
    missing = [c for c in indicators_of(a) if c not in {v[0] for v in values}]
    diags.append(diag("cảnh báo", "indicator-missing", f, f"thiếu {len(missing)} chỉ tiêu được giao theo dõi", found="không có dòng cho chỉ tiêu " + ", ".join(missing)))
    return [Book(os.path.join(d, f), [s])], {
        "agencies": [a],
        "tasks": exp_t,
        "indicators": [ind(c, e) for c, _, e, _ in values if e is not None],
        "submissions": [sub(a, f, "OnTime", "2026-11-20")],
        "diagnostics": diags,
    }


def s24_own_tasks_and_rows_to_skip(d):
    """A commune lists its plan tasks under "I. NHIỆM VỤ THEO KẾ HOẠCH", then "II. NHIỆM VỤ PHÁT
    SINH NGOÀI KẾ HOẠCH" with three tasks of its own numbered 1, 2, 3 (kept, never counted as plan
    tasks 1–3); a row of column numbers under the header, a totals row, a note and a signature
    block (skipped without a word); and a ward that put one task of its own among the plan's
    rows under code 2, whose name contradicts task 2 (not counted, said) (.xlsx)."""
    a = "xa-phu-vinh"
    s = head(Sheet("Báo cáo"), "UBND xã Phú Vinh", "20/11/2026")
    s.put("A5", *TASK_HEADER)
    s.put("A6", "(1)", "(2)", "(3)", "(4)", "(5)")
    s.put("A7", "I", "NHIỆM VỤ THEO KẾ HOẠCH")
    tasks, row = [], 8
    for i, code in enumerate(tasks_of(a)):
        st = "Hoàn thành" if code == "2" else ["Đang thực hiện", "Thường xuyên"][i % 2]
        s.put(f"A{row}", code, TASK_NAME[code][:60], st)
        tasks.append(task(a, code, st))
        row += 1
    s.put(f"A{row}", "II", "NHIỆM VỤ PHÁT SINH NGOÀI KẾ HOẠCH")
    own = ["Số hóa sổ hộ tịch, sổ đăng ký khai sinh lưu trữ tại xã",
           "Tổ chức lớp tập huấn kỹ năng số cho tổ công nghệ số cộng đồng",
           "Lắp đặt camera giám sát an ninh trật tự tại các thôn"]
    for k, name in enumerate(own):
        s.put(f"A{row + 1 + k}", str(k + 1), name, ["Chưa thực hiện", "Đang thực hiện", "Hoàn thành"][k])
    row += 1 + len(own)
    s.put(f"A{row}", None, "Tổng cộng", None, None, f"{len(tasks_of(a)) + 3} nhiệm vụ")
    s.put(f"A{row + 1}", "Ghi chú: số liệu tính đến ngày 20/11/2026")
    s.put(f"A{row + 3}", "Nơi nhận:", None, None, "TM. ỦY BAN NHÂN DÂN")
    s.put(f"A{row + 4}", "- Sở KH&CN (b/c);", None, None, "CHỦ TỊCH")
    s.put(f"A{row + 5}", "- Lưu: VT.")
    s.put(f"A{row + 8}", None, None, None, "Nguyễn Văn Bình")
    f1 = "phu-vinh.xlsx"

    b = "phuong-huong-tra"
    s2 = head(Sheet("Nhiệm vụ"), "UBND phường Hương Trà", "20/11/2026")
    s2.put("A5", *TASK_HEADER)
    f2 = "huong-tra.xlsx"
    diags = []
    for i, code in enumerate(tasks_of(b)):
        r = 6 + i
        if code == "2":
            s2.put(f"A{r}", code, "Số hóa sổ hộ tịch, sổ đăng ký khai sinh lưu trữ tại phường giai đoạn 2026", "Hoàn thành")
            diags.append(diag("lỗi", "task-name-mismatch", f"{f2} › Nhiệm vụ › B{r}", "tên nhiệm vụ không khớp với mã 2 và không trùng rõ với nhiệm vụ nào khác; dòng này không được tính", found="Số hóa sổ hộ tịch, sổ đăng ký khai sinh lưu trữ tại phường giai đoạn 2026"))
            continue
        s2.put(f"A{r}", code, TASK_NAME[code][:60], "Đang thực hiện")
        tasks.append(task(b, code, "Đang thực hiện"))
    diags.append(diag("cảnh báo", "task-missing", f2, MISSING_TASKS.format(n=1), found="không có dòng cho nhiệm vụ 2"))
    return [Book(os.path.join(d, f1), [s]), Book(os.path.join(d, f2), [s2])], {
        "agencies": [a, b],
        "tasks": tasks,
        "submissions": [sub(a, f1, "OnTime", "2026-11-20"), sub(b, f2, "OnTime", "2026-11-20")],
        "diagnostics": diags,
    }


def hidden_stale(a, name, f, tasks, diags):
    """A tracking sheet: last cycle's rows hidden above this cycle's, and the last task only in a
    hidden row."""
    s = head(Sheet("Theo dõi"), name, "20/11/2026")
    s.put("A5", *TASK_HEADER)
    codes = tasks_of(a)
    row = 6
    # Last cycle: every task "Chưa thực hiện", hidden.
    for code in codes[:8]:
        s.put(f"A{row}", code, TASK_NAME[code][:60], "Chưa thực hiện")
        s.hidden_rows.add(row)
        row += 1
    for code in codes[:-1]:
        s.put(f"A{row}", code, TASK_NAME[code][:60], "Hoàn thành")
        tasks.append(task(a, code, "Hoàn thành"))
        row += 1
    # The last task only in a hidden row: read, and said.
    last = codes[-1]
    s.put(f"A{row}", last, TASK_NAME[last][:60], "Đang thực hiện")
    s.hidden_rows.add(row)
    tasks.append(task(a, last, "Đang thực hiện"))
    diags.append(diag("cảnh báo", "hidden-row", f"{f} › Theo dõi › A{row}", f"dòng nhiệm vụ {last} đang bị ẩn; vẫn được tính vì không có dòng hiện nào cho nhiệm vụ này", found=last))
    return s


def s25_hidden_rows_and_columns(d):
    """A tracking sheet keeps last cycle's rows hidden (as an autofilter leaves them) just above
    the current ones: the visible rows count, the hidden copies are set aside; a hidden row with
    no visible copy is read, with a warning at it (.xlsx, .xls, .ods); another office hid last
    cycle's "Tình trạng" column beside this cycle's (.xlsx)."""
    tasks, diags, books, subs = [], [], [], []
    for a, name, f in [("phuong-an-cuu", "UBND phường An Cựu", "an-cuu.xlsx"),
                       ("phuong-vy-da", "UBND phường Vỹ Dạ", "vy-da.xls"),
                       ("phuong-thuy-xuan", "UBND phường Thủy Xuân", "thuy-xuan.ods")]:
        books.append(Book(os.path.join(d, f), [hidden_stale(a, name, f, tasks, diags)]))
        subs.append(sub(a, f, "OnTime", "2026-11-20"))

    b = "so-y-te"
    s2 = head(Sheet("Nhiệm vụ"), "Sở Y tế", "20/11/2026")
    s2.put("A5", "STT", "Tên nhiệm vụ", "Tình trạng", "Tình trạng", "Kết quả thực hiện")
    s2.hidden_cols.add(2)
    f2 = "so-y-te.xlsx"
    for i, code in enumerate(tasks_of(b)):
        s2.put(f"A{6 + i}", code, TASK_NAME[code][:60], "Chưa thực hiện", "Hoàn thành")
        tasks.append(task(b, code, "Hoàn thành"))
    missing = indicators_of(b)
    diags.append(diag("lỗi", "table-missing", f2, "không tìm thấy bảng chỉ tiêu"))
    diags.append(diag("cảnh báo", "indicator-missing", f2, f"thiếu {len(missing)} chỉ tiêu được giao theo dõi", found="không có dòng cho chỉ tiêu " + ", ".join(missing)))
    books.append(Book(os.path.join(d, f2), [s2]))
    subs.append(sub(b, f2, "OnTime", "2026-11-20"))
    return books, {
        "agencies": ["phuong-an-cuu", "phuong-vy-da", "phuong-thuy-xuan", b],
        "tasks": tasks,
        "submissions": subs,
        "diagnostics": diags,
    }


def s26_last_cycle_sent_again(d):
    """Last cycle's report sent again: its title says "6 tháng đầu năm 2026", its header
    "Huế, ngày 28 tháng 5 năm 2026", its "Ngày báo cáo" 28/05/2026. Not counted for this cycle,
    an error naming the period it is for; and a ward whose only sign is its date (06/06/2026,
    before the June deadline) (.xlsx)."""
    a = "so-cong-thuong"
    s = Sheet("Báo cáo")
    s.put("A1", "UBND THÀNH PHỐ HUẾ")
    s.put("A2", "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH 6 THÁNG ĐẦU NĂM 2026")
    s.put("A3", "Cơ quan báo cáo:", "Sở Công Thương")
    s.put("A4", "Ngày báo cáo:", "28/05/2026")
    s.put("D1", "Huế, ngày 28 tháng 5 năm 2026")
    rows, _ = filler(a, "Hoàn thành")
    task_table(s, 6, rows)
    f1 = "so-cong-thuong.xlsx"
    b = "phuong-thuy-xuan"
    s2 = head(Sheet("Nhiệm vụ"), "UBND phường Thủy Xuân", "06/06/2026")
    s2.put("A1", "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH")
    rows2, _ = filler(b, "Hoàn thành")
    task_table(s2, 5, rows2)
    f2 = "thuy-xuan.xlsx"
    msg = "đây là báo cáo kỳ 6 tháng đầu năm 2026, không phải kỳ 6 tháng cuối năm 2026; tệp không được tính vào kỳ này"
    return [Book(os.path.join(d, f1), [s]), Book(os.path.join(d, f2), [s2])], {
        "agencies": [a, b],
        "tasks": [],
        "diagnostics": [
            diag("lỗi", "period-other", f"{f1} › Báo cáo › A2", msg, found="BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH 6 THÁNG ĐẦU NĂM 2026"),
            diag("lỗi", "period-other", f"{f2} › Nhiệm vụ › B3", msg, found="06/06/2026"),
        ],
    }


def s27_one_workbook_several_wards(d):
    """A commune-level officer sends one workbook holding three wards' complete reports, one sheet
    each, plus an instructions sheet and a hidden sheet of drop-down values: three reports, every
    sheet accounted for (.xlsx)."""
    wards = [("phuong-huong-an", "UBND phường Hương An"), ("phuong-kim-tra", "UBND phường Kim Trà"),
             ("phuong-huong-thuy", "UBND phường Hương Thủy")]
    sheets = []
    guide = Sheet("Hướng dẫn")
    guide.put("A1", "HƯỚNG DẪN ĐIỀN BIỂU MẪU")
    guide.put("A2", "Mỗi phường điền vào trang tính của mình; cột Tình trạng chọn trong danh sách.")
    sheets.append(guide)
    tasks = []
    statuses = ["Hoàn thành", "Đang thực hiện", "Thường xuyên"]
    for k, (a, name) in enumerate(wards):
        s = head(Sheet(name.replace("UBND phường ", "")), name, f"{18 + k}/11/2026")
        rows = []
        for code in tasks_of(a):
            rows.append((code, statuses[k], None, None))
            tasks.append(task(a, code, statuses[k]))
        task_table(s, 5, rows)
        sheets.append(s)
    lists = Sheet("DanhMuc", hidden=True)
    for i, st in enumerate(["Hoàn thành", "Đang thực hiện", "Thường xuyên", "Chưa thực hiện"]):
        lists.put(f"A{i + 1}", st)
    sheets.append(lists)
    f = "tong-hop-3-phuong.xlsx"
    return [Book(os.path.join(d, f), sheets)], {
        "agencies": [w[0] for w in wards],
        "tasks": tasks,
        "submissions": [sub(a, f, "OnTime", f"2026-11-{18 + k}") for k, (a, _) in enumerate(wards)],
        "diagnostics": [],
    }


def s28_supplement_merged(d):
    """A department sends its report, then a "Báo cáo bổ sung" dated later that updates three
    tasks only: the two are merged task by task, the later date winning, each superseded value
    said once at its row; the other tasks stay as first reported (.xlsx)."""
    a = "so-cong-thuong"
    codes = tasks_of(a)
    s = head(Sheet("Báo cáo"), "Sở Công Thương", "18/11/2026")
    rows = [(c, "Đang thực hiện", None, None) for c in codes]
    task_table(s, 5, rows)
    f1 = "so-cong-thuong.xlsx"
    s2 = head(Sheet("Bổ sung"), "Sở Công Thương", "22/11/2026")
    s2.put("A1", "BÁO CÁO BỔ SUNG KẾT QUẢ THỰC HIỆN KẾ HOẠCH 6 THÁNG CUỐI NĂM 2026")
    updated = codes[:3]
    task_table(s2, 5, [(c, "Hoàn thành", None, None) for c in updated])
    f2 = "so-cong-thuong-bo-sung.xlsx"
    tasks = [task(a, c, "Hoàn thành" if c in updated else "Đang thực hiện") for c in codes]
    diags = [
        diag("cảnh báo", "value-superseded", f"{f1} › Báo cáo › A{6 + i}", f'nhiệm vụ {c} được cập nhật theo báo cáo bổ sung "{f2}" ngày 22/11/2026; giá trị ở tệp này không còn được tính', found=c)
        for i, c in enumerate(updated)
    ]
    return [Book(os.path.join(d, f1), [s]), Book(os.path.join(d, f2), [s2])], {
        "agencies": [a],
        "tasks": tasks,
        "submissions": [sub(a, f1, "OnTime", "2026-11-18")],
        "diagnostics": diags,
    }



SCENARIOS = [
    ("01-titles-above-table", s01_titles_above_table),
    ("02-two-row-merged-header", s02_two_row_merged_header),
    ("03-merged-cells-ods", s03_merged_cells_ods),
    ("04-hidden-sheets", s04_hidden_sheets),
    ("05-agency-names", s05_agency_names),
    ("06-dates", s06_dates),
    ("07-dates-1904", s07_dates_1904),
    ("08-status-variants", s08_status_variants),
    ("09-indicator-values", s09_indicator_values),
    ("10-code-8-10", s10_code_8_10),
    ("11-duplicates", s11_duplicates),
    ("12-rows-not-counted", s12_rows_not_counted),
    ("13-late-and-undated", s13_late_and_undated),
    ("14-mixed-folder", s14_mixed_folder),
    ("15-status-layouts", s15_status_layouts),
    ("16-own-numbering", s16_own_numbering),
    ("17-invisible-characters", s17_invisible_characters),
    ("18-document-header", s18_document_header),
    ("19-rows-without-code-and-formulas", s19_rows_without_code_and_formulas),
    ("20-legacy-tcvn3", s20_legacy_tcvn3),
    ("21-legacy-vni", s21_legacy_vni),
    ("22-free-codes-statuses-dates", s22_free_codes_statuses_dates),
    ("23-indicator-values-with-units", s23_indicator_values_with_units),
    ("24-own-tasks-and-rows-to-skip", s24_own_tasks_and_rows_to_skip),
    ("25-hidden-rows-and-columns", s25_hidden_rows_and_columns),
    ("26-last-cycle-sent-again", s26_last_cycle_sent_again),
    ("27-one-workbook-several-wards", s27_one_workbook_several_wards),
    ("28-supplement-merged", s28_supplement_merged),
]


def main():
    only = set(sys.argv[1:])
    with tempfile.TemporaryDirectory() as work:
        for name, make in SCENARIOS:
            if only and name not in only:
                continue
            folder = os.path.join(OUT, name)
            shutil.rmtree(folder, ignore_errors=True)
            inp = os.path.join(folder, "input")
            os.makedirs(inp)
            if make is s14_mixed_folder:
                books, expect = make(inp, work)
            else:
                books, expect = make(inp)
            convert_all(books, work)
            expect["case"] = " ".join((make.__doc__ or "").split())
            write_expected(os.path.join(folder, "expected.toml"), expect)
            print(name, sorted(os.listdir(inp)))


if __name__ == "__main__":
    main()
