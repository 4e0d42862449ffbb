#!/usr/bin/env python3
"""Makes tests/fixtures/hardening/: workbooks of issue "Hardening, part 3" that a real office
program writes, for tests/suite/hardening.rs (the raw-XML attacks are built in the tests themselves).

Each starts from a workbook `tonghop sample` generates (the same generator the tests use), is
changed with openpyxl as a sender would change it, and is saved by LibreOffice (headless):

- so-y-te-khong-bang.xlsx: a file naming Sở Y tế, dated after its real report, with no table;
- so-y-te-dong-tra-lai.xlsx: Sở Y tế's report retyped with the return-form line naming
  "so-y-te.xlsx" (copied from a return form) but no "Sai sót" sheet, dated later, task 3 done;
- o-cuoi-trang.xls: Sở Công Thương's report saved as .xls with a stray "." in IV65536, the last
  cell of an .xls sheet;
- so-cong-thuong.ods: Sở Công Thương's report as .ods (the manifest tests add a picture to it).

Needs LibreOffice and openpyxl; run from the repository:

    python3 scripts/make-hardening-fixtures.py
"""

import datetime as dt
import os
import shutil
import subprocess
import tempfile

import openpyxl

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "hardening")
RETURN_MARKER = "Biểu mẫu trả lại để sửa tệp"


def soffice(src, fmt, outdir):
    """Saves `src` as `fmt` (xlsx, xls, ods) into `outdir` with LibreOffice."""
    filters = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "xls": "xls:MS Excel 97", "ods": "ods"}
    subprocess.run(
        ["soffice", "--headless", "--convert-to", filters[fmt], "--outdir", outdir, src],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def label_row(ws, label):
    for row in ws.iter_rows(min_row=1, max_row=12):
        for cell in row:
            if cell.value == label:
                return cell.row, cell.column
    raise SystemExit(f"no {label!r}")


def main():
    tmp = tempfile.mkdtemp()
    sample = os.path.join(tmp, "sample")
    subprocess.run(["cargo", "run", "-q", "--", "sample", "--ra", sample], cwd=ROOT, check=True)
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    work = os.path.join(tmp, "work")
    os.makedirs(work)

    # A file that names Sở Y tế, dated later, and holds no table at all.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Báo cáo"
    ws["A1"] = "BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ - KẾ HOẠCH TRIỂN KHAI NGHỊ QUYẾT SỐ 57-NQ/TW"
    ws["B4"], ws["C4"] = "Cơ quan báo cáo:", "Sở Y tế"
    ws["B5"], ws["C5"] = "Ngày báo cáo:", dt.datetime(2026, 11, 24)
    ws["C5"].number_format = "DD/MM/YYYY"
    ws["B7"] = "DỮ LIỆU MẪU - tệp do tonghop tạo ra để minh họa, không phải báo cáo thật"
    ws["B9"] = "Đơn vị sẽ gửi số liệu sau."
    src = os.path.join(work, "so-y-te-khong-bang.xlsx")
    wb.save(src)
    soffice(src, "xlsx", OUT)

    # Sở Y tế's report retyped with the return-form line of another file, no "Sai sót" sheet.
    wb = openpyxl.load_workbook(os.path.join(sample, "so-y-te.xlsx"))
    ws = wb.worksheets[0]
    ws["A3"] = f"{RETURN_MARKER} «so-y-te.xlsx»"
    r, c = label_row(ws, "Ngày báo cáo:")
    ws.cell(r, c + 1).value = dt.datetime(2026, 11, 22)
    for row in ws.iter_rows(min_row=8):
        if str(row[0].value) == "3":
            row[4].value = "Hoàn thành"
            row[5].value = dt.datetime(2026, 11, 20)
            row[5].number_format = "DD/MM/YYYY"
    src = os.path.join(work, "so-y-te-dong-tra-lai.xlsx")
    wb.save(src)
    soffice(src, "xlsx", OUT)

    # A stray value in the last cell of an .xls sheet.
    wb = openpyxl.load_workbook(os.path.join(sample, "so-cong-thuong.xlsx"))
    wb.worksheets[0]["IV65536"] = "."
    src = os.path.join(work, "o-cuoi-trang.xlsx")
    wb.save(src)
    soffice(src, "xls", OUT)

    soffice(os.path.join(sample, "so-cong-thuong.xlsx"), "ods", OUT)
    shutil.rmtree(tmp)
    print("\n".join(sorted(os.listdir(OUT))))


if __name__ == "__main__":
    main()
