#!/usr/bin/env python3
"""The LibreOffice-made workbook of tests/suite/dotted_codes.rs.

A sender typed the table into a CSV-like sheet and LibreOffice (7.4, en-US) saved it as .xlsx:
codes typed "1.10" become the number 1.1, "1" over the tasks is a group heading, ISO dates become
date cells. Needs `soffice` (libreoffice-calc-nogui). Run from the repository root.
"""
import csv, os, shutil, subprocess, tempfile

NAMES = [
    "Xây dựng cơ sở dữ liệu khoa học và công nghệ của tỉnh",
    "Tổ chức sự kiện kết nối cung cầu công nghệ hằng năm",
    "Hỗ trợ doanh nghiệp đổi mới công nghệ sản xuất sạch",
    "Phát triển mạng lưới tư vấn sở hữu trí tuệ cho hợp tác xã",
    "Đánh giá trình độ công nghệ của ngành chế biến thủy sản",
    "Xây dựng trung tâm hỗ trợ khởi nghiệp đổi mới sáng tạo",
    "Ứng dụng bản đồ số trong quản lý tài nguyên rừng",
    "Thương mại hóa kết quả nghiên cứu của viện và trường",
    "Đào tạo cán bộ quản lý khoa học cấp huyện và xã",
    "Triển khai nền tảng truy xuất nguồn gốc nông sản đặc sản",
    "Hình thành quỹ phát triển khoa học công nghệ của doanh nghiệp",
    "Tổng kết và khen thưởng sáng kiến cải tiến kỹ thuật",
]

ROWS = [
    ["Cơ quan báo cáo:", "Sở Khoa học và Công nghệ"],
    ["Ngày báo cáo:", "2026-11-20"],
    [],
    ["TT", "Tên nhiệm vụ", "Tình trạng", "Ngày hoàn thành"],
    ["1", "Nhiệm vụ của Sở Khoa học và Công nghệ"],
    ["1.1", NAMES[0], "Hoàn thành", "2026-10-01"],
    ["1.10", NAMES[9], "Đang thực hiện", ""],
    ["1.2", NAMES[1], "Hoàn thành", "2026-11-25"],
    ["1.11", NAMES[10], "Chưa thực hiện", ""],
    ["", "Nhiệm vụ bổ sung ngoài kế hoạch", "Đang thực hiện", ""],
    ["Ghi chú: số liệu ước tính đến ngày 20/11/2026"],
]

out = os.path.join("tests", "fixtures", "dotted", "so-khcn.xlsx")
with tempfile.TemporaryDirectory() as tmp:
    src = os.path.join(tmp, "so-khcn.csv")
    with open(src, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(ROWS)
    subprocess.run(
        ["soffice", "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", tmp, src],
        check=True, capture_output=True,
    )
    shutil.copy(os.path.join(tmp, "so-khcn.xlsx"), out)
print("wrote", out)
