#!/usr/bin/env python3
"""One-off transcription of seed 003 (Phụ lục I and II) into the TOML plan format.

Kept in the repository so the transcription can be audited and re-run; the TOML it
wrote was then reviewed by hand. Usage: transcribe_plan_003.py SEED > plan-fragment.toml
"""
import re
import sys

lines = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")]

def esc(s):
    return s.replace("\\", "\\\\").replace('"', '\\"')

def norm(s):
    return re.sub(r"\s+", " ", s).strip()

# ---- Phụ lục I -------------------------------------------------------------
start = lines.index("PHỤ LỤC I") 
end = next(i for i in range(start, len(lines)) if lines[i].startswith("Ghi chú:"))
body = lines[start + 8:end]  # after the title (3 lines) and 5 header cells
TRACK = {
    "Sở Khoa học và Công nghệ": ["so-khcn"],
    "Sở Thông tin và Truyền thông": ["so-tttt"],
    "Sở Khoa học và Công nghệ, Sở Kế hoạch và Đầu tư, Cục Thống kê": ["so-khcn", "so-khdt", "thong-ke"],
    "Văn phòng UBND thành phố": ["vp-ubnd"],
    "Ngân hàng Nhà nước thành phố": ["nhnn"],
    "Sở KH&CN, Cục Thống Kê": ["so-khcn", "thong-ke"],
    "Sở Tài chính": ["so-tai-chinh"],
    "Đại học Huế": ["dai-hoc-hue"],
    "Sở Kế hoạch và Đầu tư": ["so-khdt"],
    "Ngân hàng Nhà nước chi nhánh Huế": ["nhnn"],
    "Sở Y tế": ["so-y-te"],
}
out = []
year = None
# Codes in the order the appendix lists them; targets such as "90" or "100"
# look like codes, so the parse is driven by the expected next code.
CODES = [str(n) for n in range(1, 9)] + [f"8.{n}" for n in range(1, 13)] + [str(n) for n in range(9, 29)]
i = 0
for k, code in enumerate(CODES):
    while body[i].strip() in ("I", "II", "Đến năm 2030", "Đến năm 2045"):
        if body[i].strip() == "I":
            year = 2030
        if body[i].strip() == "II":
            year = 2045
        i += 1
    assert body[i].strip() == code, (code, body[i])
    nxt = CODES[k + 1] if k + 1 < len(CODES) else None
    j = i + 1
    fields = []
    while j < len(body) and body[j].strip() != nxt and not (nxt == "26" and body[j].strip() == "II"):
        fields.append(body[j].strip()); j += 1
    if code == "8":
        name, target = fields
        out.append(dict(code=code, name=name, unit="", target=target, year=year, tracked_by_text="", trackers=[]))
    else:
        name, unit, target, tracker = fields
        out.append(dict(code=code, name=name, unit=unit, target=target, year=year, tracked_by_text=tracker, trackers=TRACK[tracker]))
    i = j

print("# ---- Phụ lục I: chỉ tiêu " + "-" * 60)
for ind in out:
    print("\n[[indicator]]")
    print(f'code = "{ind["code"]}"')
    if "." in ind["code"]:
        print(f'parent = "{ind["code"].split(".")[0]}"')
    print(f'name = "{esc(ind["name"])}"')
    print(f'unit = "{esc(ind["unit"])}"')
    print(f'target = "{esc(ind["target"])}"')
    print(f'target_year = {ind["year"]}')
    if ind["tracked_by_text"]:
        print(f'tracked_by_text = "{esc(ind["tracked_by_text"])}"')
    print("tracked_by = [" + ", ".join(f'"{t}"' for t in ind["trackers"]) + "]")

# ---- Phụ lục II ------------------------------------------------------------
start = lines.index("PHỤ LỤC II")
end = next(i for i in range(start, len(lines)) if lines[i].startswith("Nguồn tra cứu"))
body = [l for l in lines[start + 9:end] if l.strip()]
ALL = ["@so", "@nganh", "@dia-phuong"]
LEAD = {
    "Sở Thông tin và Truyền thông": ["so-tttt"],
    "Sở Thông tin và Truyền thông, VTV, TRT, Huế ngày nay, các địa phương": ["so-tttt", "vtv", "trt", "hue-ngay-nay", "@dia-phuong"],
    "Các sở, ngành, địa phương": ALL,
    "Các Sở, ngành, địa phương": ALL,
    "Các sở ngành, địa phương": ALL,
    "Sở Nội vụ": ["so-noi-vu"],
    "Sở Thông tin và Truyền thông Sở Khoa học và Công nghệ": ["so-tttt", "so-khcn"],
    "Sở Kế hoạch và Đầu tư": ["so-khdt"],
    "Sở Khoa học và Công nghệ, Sở Thông tin và Truyền thông": ["so-khcn", "so-tttt"],
    "Sở Giáo dục và Đào tạo": ["so-gddt"],
    "Sở KH&CN": ["so-khcn"],
    "Liên hiệp các Hội KHKT": ["lhh-khkt"],
    "Sở Khoa học và Công nghệ Sở Thông tin và Truyền thông": ["so-khcn", "so-tttt"],
    "Sở Khoa học, Công nghệ, Sở Thông tin và Truyền thông, Sở Kế hoạch và Đầu tư và các địa phương": ["so-khcn", "so-tttt", "so-khdt", "@dia-phuong"],
    "Sở Khoa học và Công nghệ, Sở Tài nguyên và môi trường": ["so-khcn", "so-tnmt"],
    "Sở Công Thương, Sở Tài nguyên và môi trường, Sở Xây dựng, Sở Giao thông vận tải": ["so-cong-thuong", "so-tnmt", "so-xay-dung", "so-gtvt"],
    "Sở Tài nguyên và Môi trường": ["so-tnmt"],
    "Sở Khoa học và Công nghệ": ["so-khcn"],
    "Sở Thông tin Truyền thông": ["so-tttt"],
    "Sở TTTT, HUECIT": ["so-tttt", "huecit"],
    "Viện NCPT": ["vien-ncpt"],
    "Viện CNSH, Đại học Huế": ["vien-cnsh"],
    "Trường ĐHYD Huế": ["truong-dhyd"],
    "Trung tâm bảo tồn DTCĐ Huế": ["tt-btdtcd"],
    "Bệnh viện TW Huế": ["bv-tw-hue"],
    "Sở KH&ĐT": ["so-khdt"],
    "Đại học Huế": ["dai-hoc-hue"],
    "Công an Thành phố Huế": ["cong-an"],
    "Sở Y tế": ["so-y-te"],
    "Sở Văn hóa Thể thao, Sở Du lịch": ["so-vhtt", "so-du-lich"],
    "Sở Ngoại vụ": ["so-ngoai-vu"],
}
# Rows with three cells after the name: is the middle one the cooperating
# agencies or the expected result?  Decided by reading each row.
MIDDLE_IS_RESULT = {"6", "7", "26", "32", "54", "58", "65"}
MIDDLE_IS_COOP = {"3", "16"}

group_re = re.compile(r"^(I|II|III|IV|V|VI|VII)\.$")
task_re = re.compile(r"^(\d+)\.$")
groups, tasks = [], []
group = None
i = 0
while i < len(body):
    l = body[i].strip()
    m = group_re.match(l)
    if m:
        group = m.group(1)
        groups.append((group, norm(body[i + 1])))
        i += 2; continue
    m = task_re.match(l)
    if m:
        code = m.group(1)
        j = i + 1
        cells = []
        while j < len(body) and not task_re.match(body[j].strip()) and not group_re.match(body[j].strip()):
            cells.append(body[j].strip()); j += 1
        name, lead, *rest = cells
        deadline = rest[-1]
        mid = rest[:-1]
        coop, result = "", ""
        if len(mid) == 2:
            coop, result = mid
        elif len(mid) == 1:
            if code in MIDDLE_IS_RESULT:
                result = mid[0]
            elif code in MIDDLE_IS_COOP:
                coop = mid[0]
            else:
                raise SystemExit(f"task {code}: decide whether {mid[0]!r} is coop or result")
        elif len(mid) != 0:
            raise SystemExit(f"task {code}: {len(cells)} cells")
        if coop == "-":
            coop = ""
        tasks.append(dict(code=code, group=group, name=name, lead_text=norm(lead), lead=LEAD[norm(lead)],
                          coop=norm(coop), result=result, deadline=norm(deadline)))
        i = j; continue
    raise SystemExit(f"unexpected line in Phụ lục II: {l!r}")

print("\n# ---- Phụ lục II: nhóm nhiệm vụ " + "-" * 54)
for code, title in groups:
    print("\n[[group]]")
    print(f'code = "{code}"')
    print(f'title = "{esc(title)}"')
print("\n# ---- Phụ lục II: nhiệm vụ " + "-" * 59)
for t in tasks:
    print("\n[[task]]")
    print(f'code = "{t["code"]}"')
    print(f'group = "{t["group"]}"')
    print(f'name = "{esc(t["name"])}"')
    print(f'lead_text = "{esc(t["lead_text"])}"')
    print("lead = [" + ", ".join(f'"{x}"' for x in t["lead"]) + "]")
    print(f'cooperating = "{esc(t["coop"])}"')
    print(f'result = "{esc(t["result"])}"')
    print(f'deadline = "{esc(t["deadline"])}"')
print(f"# {len(out)} indicator rows, {len(groups)} groups, {len(tasks)} tasks", file=sys.stderr)
