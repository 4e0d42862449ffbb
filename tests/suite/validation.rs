//! A folder of what really arrives: one messy workbook, a corrupt file, a lock file, an
//! unknown agency. Every problem is a located diagnostic; the good data is still counted.

use crate::common;

use common::Fixture;
use rust_xlsxwriter::Workbook;

fn messy_workbook(path: &std::path::Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Nhiệm vụ").unwrap();
    ws.write_string(0, 0, "BÁO CÁO KẾT QUẢ").unwrap();
    ws.write_string(1, 0, "Cơ quan báo cáo: SỞ Y TẾ").unwrap();
    ws.write_string(2, 0, "Ngày báo cáo:").unwrap();
    ws.write_string(2, 1, "20/11/2026").unwrap();
    for (c, h) in ["Tình trạng", "STT", "Nội dung nhiệm vụ", "Kết quả"].iter().enumerate() {
        ws.write_string(4, c as u16, *h).unwrap();
    }
    let rows: [(&str, f64); 5] =
        [("Hoàn thành", 58.0), ("Tốt", 3.0), ("Hoàn thành", 99.0), ("Hoàn thành", 70.0), ("Đang thực hiện", 58.0)];
    for (i, (status, code)) in rows.iter().enumerate() {
        let r = 5 + i as u32;
        ws.write_string(r, 0, *status).unwrap();
        ws.write_number(r, 1, *code).unwrap();
        ws.write_string(r, 2, "…").unwrap();
    }
    wb.save(path).unwrap();
}

#[test]
fn every_problem_is_located_and_the_rest_is_read() {
    let fx = Fixture::new(21, 0, 0);
    let input = fx.input();
    // Replace the generated Sở Y tế workbook with a messy one.
    std::fs::remove_file(input.join("so-y-te.xlsx")).unwrap();
    messy_workbook(&input.join("bao cao so y te.xlsx"));
    std::fs::write(input.join("hong.xlsx"), b"PK\x03\x04 this is not a zip archive").unwrap();
    std::fs::write(input.join("~$so-noi-vu.xlsx"), b"lock").unwrap();
    std::fs::copy(common::repo().join("tests/fixtures/encrypted/khoa.xlsx"), input.join("khoa.xlsx")).unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Cơ quan báo cáo:").unwrap();
    ws.write_string(0, 1, "Sở Hàng hải").unwrap();
    wb.save(input.join("la.xlsx")).unwrap();

    let out = fx.cmd().arg("run").assert().code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    for expected in [
        "[Lỗi: Tình trạng không hợp lệ] bao cao so y te.xlsx › Nhiệm vụ › A7: tình trạng của nhiệm vụ 3 không hợp lệ",
        "giá trị đọc được: «Tốt»",
        "[Cảnh báo: Mã không có trong Kế hoạch] bao cao so y te.xlsx › Nhiệm vụ › B8: mã nhiệm vụ 99 không có trong kế hoạch",
        "[Cảnh báo: Nhiệm vụ không được giao chủ trì] bao cao so y te.xlsx › Nhiệm vụ › B9: nhiệm vụ 70 không giao cho cơ quan này chủ trì",
        "[Lỗi: Dòng trùng mã] bao cao so y te.xlsx › Nhiệm vụ › B10: nhiệm vụ 58 xuất hiện lần nữa",
        "[Lỗi: Không đọc được tệp] hong.xlsx: không đọc được tệp: tệp hỏng",
        "[Lỗi: Không rõ cơ quan báo cáo] la.xlsx › Sheet1 › B1",
        "[Lỗi: Không đọc được tệp] khoa.xlsx: không đọc được tệp: tệp được bảo vệ bằng mật khẩu",
        "Bỏ qua ~$so-noi-vu.xlsx: tệp khóa tạm",
        // The messy workbook is a real one (no sample marker) among generated sample files.
        "[Cảnh báo: Lẫn dữ liệu mẫu] bao cao so y te.xlsx: tệp báo cáo thật nằm lẫn với tệp dữ liệu mẫu",
    ] {
        assert!(stderr.contains(expected), "missing «{expected}» in:\n{stderr}");
    }
    // The problems file lists them under the agency, to be sent back.
    let problems =
        std::fs::read_to_string(fx.path().join("output/bao-cao-2026-6-thang-cuoi-nam-danh-sach-loi.txt")).unwrap();
    assert!(problems.contains("== Sở Y tế =="), "{problems}");
    assert!(problems.contains("Tình trạng không hợp lệ: 1"), "{problems}");

    // One file per agency, to send back as it is.
    let per_agency = fx.path().join("output/sai-sot-theo-co-quan");
    let yte = std::fs::read_to_string(per_agency.join("Sở Y tế.txt")).unwrap();
    assert!(yte.starts_with("\u{feff}DANH SÁCH SAI SÓT TRONG BÁO CÁO CỦA SỞ Y TẾ"), "{yte}");
    assert!(yte.contains("[Lỗi: Tình trạng không hợp lệ] bao cao so y te.xlsx › Nhiệm vụ › A7"), "{yte}");
    assert!(yte.contains("Đề nghị sửa các lỗi trên"), "{yte}");
    let unknown = std::fs::read_to_string(per_agency.join("Không xác định được cơ quan.txt")).unwrap();
    assert!(unknown.contains("hong.xlsx") && unknown.contains("la.xlsx"), "{unknown}");

    // The good row of the messy workbook still counts: task 58 (led by the Sở Y tế alone) is done.
    let text = common::flat(&common::pages_text(&fx.pdf_path()).join("\n"));
    let appendix = &text[text.find("KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ").unwrap()..];
    let i = appendix.find("58 Xây dựng giải pháp, công cụ").expect("task 58 row");
    let row: String = appendix[i..].chars().take(400).collect();
    assert!(row.contains("Sở Y tế: Hoàn thành"), "{row}");

    // Once the files are fixed, the next run leaves no stale list behind.
    for f in ["bao cao so y te.xlsx", "hong.xlsx", "la.xlsx", "~$so-noi-vu.xlsx", "khoa.xlsx"] {
        std::fs::remove_file(input.join(f)).unwrap();
    }
    fx.cmd().arg("run").assert().code(1); // the Sở Y tế has no file now
    assert!(!per_agency.join("Sở Y tế.txt").exists());
    assert!(!per_agency.join("Không xác định được cơ quan.txt").exists());
}

/// Three wards' reports in one workbook, as a commune office puts them together in Excel: two
/// sheets with their tables, the third with its one task under no header. The two are read;
/// the third is said, as an error for that ward, with the sheet — never skipped in silence
/// with the ward counted as not reported and nothing said.
#[test]
fn a_ward_sheet_without_a_table_in_a_combined_workbook_is_said() {
    let fx = Fixture::new(23, 0, 0);
    let input = fx.input();
    let plan = common::plan();
    let mut wb = Workbook::new();
    for (ward, id, with_table) in [
        ("UBND phường An Cựu", "phuong-an-cuu", true),
        ("UBND phường Kim Long", "phuong-kim-long", true),
        ("UBND phường Thuận Hóa", "phuong-thuan-hoa", false),
    ] {
        std::fs::remove_file(input.join(format!("{id}.xlsx"))).unwrap();
        let ws = wb.add_worksheet();
        ws.set_name(ward.trim_start_matches("UBND phường ")).unwrap();
        ws.write_string(0, 0, "Cơ quan báo cáo:").unwrap();
        ws.write_string(0, 1, ward).unwrap();
        ws.write_string(1, 0, "Ngày báo cáo:").unwrap();
        ws.write_string(1, 1, "20/11/2026").unwrap();
        let tasks: Vec<&tonghop::plan::Task> = plan.tasks_of(id).collect();
        if with_table {
            for (c, h) in ["STT", "Tên nhiệm vụ", "Tình trạng"].iter().enumerate() {
                ws.write_string(3, c as u16, *h).unwrap();
            }
            for (i, t) in tasks.iter().enumerate() {
                ws.write_string(4 + i as u32, 0, &t.code).unwrap();
                ws.write_string(4 + i as u32, 1, &t.name).unwrap();
                ws.write_string(4 + i as u32, 2, "Hoàn thành").unwrap();
            }
        } else {
            ws.write_string(3, 0, &tasks[0].name).unwrap();
            ws.write_string(3, 1, "Hoàn thành").unwrap();
        }
    }
    wb.save(input.join("tong-hop-phuong.xlsx")).unwrap();
    let out = fx.cmd().arg("check").assert().code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains(
            "[Lỗi: Trang tính không đọc được] tong-hop-phuong.xlsx › Thuận Hóa: trang tính ghi là báo cáo của \
             UBND phường Thuận Hóa nhưng không có dòng tiêu đề bảng để đọc"
        ),
        "{stderr}"
    );
    assert_eq!(stderr.matches("Trang tính không đọc được]").count(), 1, "{stderr}");
    // Every agency but Thuận Hóa reported: the two wards of the combined workbook too.
    let reporting = plan.reporting_agencies().len();
    assert!(stdout.contains(&format!("Cơ quan đã báo cáo:   {}/{reporting}", reporting - 1)), "{stdout}");
}
