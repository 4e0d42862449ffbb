#!/usr/bin/env python3
"""Renders a shipped plan as the Sở receives or pastes it, for the importer's round-trip tests:

  <out>/<name>.docx   the plan as a Word document: the seed's body text (letterhead, subject, the
                      reporting sentence), then each appendix as a table with its header marked to
                      repeat on every page, group rows merged across the table, leads and
                      cooperating bodies on several lines, the note under the table;
  <out>/<name>.xlsx   the appendix tables as an officer pastes them into one sheet: merged group
                      rows, cells on several lines, the header row repeated every 15 rows (a table
                      copied from a PDF or a printed page carries its page headers along).

Both are made by LibreOffice from HTML (as a document converted or saved by an office program),
never written by hand. The tables' text is the plan file's (itself the seed's text, verbatim);
the body is the seed's.

  <out>/<name>.ods    with --ods: that workbook saved by LibreOffice Calc.

With --loi, three defects go in (a body no registry knows, a deadline that is no date, a row that
belongs nowhere): the fixture of what the importer must say, and where.

  scripts/plan-documents.py templates/plans/kh-nq57-hue.toml ../shared/seeds/003_*.txt tests/fixtures/plans kh-nq57-hue --ods
  scripts/plan-documents.py templates/plans/kh-nq57-hue.toml ../shared/seeds/003_*.txt tests/fixtures/plans kh-nq57-hue-loi --loi
  scripts/plan-documents.py templates/plans/kh-98-2024.toml ../shared/seeds/004_*.txt tests/fixtures/plans kh-98-2024
"""
import html
import os
import re
import subprocess
import sys
import tempfile
import tomllib

ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def esc(s):
    return html.escape(s or "", quote=False)


def lines_of(text):
    """A list of bodies on several lines, the way a narrow column wraps it: a break after each
    comma or semicolon (the punctuation stays)."""
    parts = re.split(r"(?<=[,;])\s+", text or "")
    return "<br>".join(esc(p) for p in parts)


def body_paragraphs(seed_path):
    """The seed's body: its lines up to the first appendix heading, joined into paragraphs at
    blank lines (the seed is a text extraction that wraps lines)."""
    text = open(seed_path, encoding="utf-8").read()
    lines = text.splitlines()
    # A seed without blank lines has one paragraph a line.
    one_a_line = sum(1 for l in lines if not l.strip()) < len(lines) // 20
    paras, current = [], []
    for line in lines:
        stripped = line.strip()
        if re.match(r"^(PHỤ LỤC|Phụ lục)\s+[0-9IVX]+\s*$", stripped):
            break
        if not stripped:
            if current:
                paras.append(" ".join(current))
                current = []
            continue
        # A numbered heading ("II. NỘI DUNG", "1. Công tác …") starts its own paragraph.
        if current and re.match(r"^([0-9]{1,2}|[IVX]{1,4})\.\s", stripped):
            paras.append(" ".join(current))
            current = []
        current.append(stripped)
        if one_a_line:
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    return paras


def indicator_table(plan):
    cols = ["TT", "Chỉ tiêu", "Đơn vị", "Kết quả", "Cơ quan chủ trì theo dõi, đánh giá"]
    rows, year, n = [], None, 0
    for i in plan.get("indicator", []):
        if i["target_year"] != year:
            year = i["target_year"]
            n += 1
            rows.append(("group", [ROMAN[n], f"Đến năm {year}"]))
        rows.append(("item", [i["code"], i["name"], i["unit"], i["target"], i.get("tracked_by_text", "")]))
    return cols, rows


def task_tables(plan):
    """(heading, title, columns, rows) for each list of tasks."""
    appendices = plan.get("appendix") or [{"id": "", "number": "PHỤ LỤC II", "title": "DANH MỤC CÁC NHIỆM VỤ"}]
    extra = plan.get("column", [])
    several = bool(plan.get("appendix"))
    has_deadline_col = not several  # the yearly plan's lists have no deadline column
    groups = {g["code"]: g["title"] for g in plan["group"]}
    out = []
    for a in appendices:
        tasks = [t for t in plan["task"] if (t.get("appendix") or "") == a["id"]]
        if several:
            cols = ["TT", "Tên chương trình, dự án", "Đơn vị chủ trì", "Đơn vị phối hợp"]
        else:
            cols = ["TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Kết quả", "Thời gian hoàn thành"]
        cols += [c["header"] for c in extra]
        rows, group = [], None
        for t in tasks:
            if t["group"] != group:
                group = t["group"]
                # The multi-list plan heads its groups with untitled rows, the other numbers them.
                rows.append(("group", ["", groups[group]] if several else [f"{group}.", groups[group]]))
            tt = t["code"].split(".", 1)[1] if several else t["code"]
            cells = [f"{tt}.", t["name"], t["lead_text"], t.get("cooperating", "")]
            if has_deadline_col:
                cells += [t.get("result", ""), t["deadline"]]
            cells += [t.get("columns", {}).get(c["key"], "") for c in extra]
            rows.append(("item", cells))
            if plan.get("misplaced_after") == t["code"]:
                rows.append(("item", ["a)", "Nội dung chép nhầm vào bảng", "", ""] + [""] * (len(cols) - 4)))
        number = a["number"] if not several else a["number"]
        out.append((number, a["title"].upper(), cols, rows))
    return out


def table_html(cols, rows, repeat_every=None):
    out = ["<table border='1' cellspacing='0'>"]
    head = "<tr>" + "".join(f"<th>{esc(c)}</th>" for c in cols) + "</tr>"
    out.append(f"<thead>{head}</thead><tbody>")
    for k, (kind, cells) in enumerate(rows):
        if repeat_every and k and k % repeat_every == 0:
            out.append(head.replace("th>", "td>"))
        if kind == "group":
            code, title = cells
            if code:
                out.append(f"<tr><td><b>{esc(code)}</b></td><td colspan='{len(cols) - 1}'><b>{esc(title)}</b></td></tr>")
            else:
                out.append(f"<tr><td colspan='{len(cols)}'><b>{esc(title)}</b></td></tr>")
        else:
            tds = []
            for j, c in enumerate(cells):
                wrapped = lines_of(c) if cols[j].lower().find("chủ trì") >= 0 or cols[j].lower().find("phối hợp") >= 0 or cols[j].lower().find("theo dõi") >= 0 else esc(c)
                tds.append(f"<td>{wrapped}</td>")
            out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def appendices_html(plan, repeat_every=None, headings=True):
    parts = []
    # A plan with several lists of tasks (Kế hoạch 98) states its targets in its body, not in an
    # appendix table: only the other has a Phụ lục I.
    if plan.get("indicator") and not plan.get("appendix"):
        cols, rows = indicator_table(plan)
        if headings:
            parts.append("<p><b>PHỤ LỤC I</b></p><p><b>DANH MỤC CÁC CHỈ TIÊU CỤ THỂ</b></p><p><i>(Kèm theo Kế hoạch)</i></p>")
        parts.append(table_html(cols, rows, repeat_every))
        if plan["plan"].get("merger_note"):
            parts.append(f"<p>Ghi chú: {esc(plan['plan']['merger_note'])}</p>")
    for number, title, cols, rows in task_tables(plan):
        if headings:
            parts.append(f"<p><b>{esc(number)}</b></p><p><b>{esc(title)}</b></p><p><i>(Kèm theo Kế hoạch)</i></p>")
        parts.append(table_html(cols, rows, repeat_every))
    return "\n".join(parts)


def convert(html_text, out_path, filter_in, filter_out):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "plan.html")
        open(src, "w", encoding="utf-8").write("<html><head><meta charset='utf-8'></head><body>" + html_text + "</body></html>")
        profile = "file://" + os.path.join(tmp, "profile")
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless", f"--infilter={filter_in}",
             "--convert-to", filter_out, "--outdir", tmp, src],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        ext = filter_out.split(":")[0]
        os.replace(os.path.join(tmp, f"plan.{ext}"), out_path)


def with_defects(plan):
    """What the officer must be told about, each once: a body no registry knows (in task 5's
    leads), a deadline that is no date (task 10), and a row that belongs nowhere (after task 20)."""
    for t in plan["task"]:
        if t["code"] == "5":
            t["lead_text"] += ", Ban Quản lý dự án thử nghiệm"
        if t["code"] == "10":
            t["deadline"] = "Cuối nhiệm kỳ"
    plan["misplaced_after"] = "20"
    return plan


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    plan_path, seed_path, out_dir, name = args[:4]
    plan = tomllib.load(open(plan_path, "rb"))
    if "--loi" in sys.argv:
        plan = with_defects(plan)
    os.makedirs(out_dir, exist_ok=True)
    body = "\n".join(f"<p>{esc(p)}</p>" for p in body_paragraphs(seed_path))
    convert(body + appendices_html(plan), os.path.join(out_dir, f"{name}.docx"), "HTML (StarWriter)", 'docx:MS Word 2007 XML')
    xlsx = os.path.join(out_dir, f"{name}.xlsx")
    convert(appendices_html(plan, repeat_every=15), xlsx, "HTML (StarCalc)", "xlsx:Calc MS Excel 2007 XML")
    if "--ods" in sys.argv:
        # The same sheet saved by LibreOffice Calc.
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                ["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "ods",
                 "--outdir", out_dir, xlsx],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )


if __name__ == "__main__":
    main()
