//! The PDF itself: A4, Vietnamese text intact, fonts embedded, the sample mark on every page.

use crate::common;

use common::{flat, pages_text, Fixture};
use lopdf::{Document, Object};

#[test]
fn a4_pages_embedded_fonts_and_intact_diacritics() {
    let fx = Fixture::new(3, 2, 1);
    fx.cmd().arg("run").assert().code(1);
    let pages = pages_text(&fx.pdf_path());
    let all = flat(&pages.join("\n"));
    for s in [
        "UBND THÀNH PHỐ HUẾ",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/BC-SKHCN",
        "Huế, ngày 30 tháng 11 năm 2026",
        "BÁO CÁO",
        "I. TÌNH HÌNH TRIỂN KHAI",
        "III. KHÓ KHĂN, VƯỚNG MẮC",
        "V. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI",
        "Nơi nhận:",
        "- Lưu: VT, QLKH.",
        "Phụ lục III",
        "UBND phường Thuận Hóa",
        "Trung tâm Bảo tồn Di tích Cố đô Huế",
    ] {
        assert!(all.contains(s), "«{s}» missing from the PDF text");
    }

    let doc = Document::load(fx.pdf_path()).unwrap();
    for (n, id) in doc.get_pages() {
        let page = doc.get_object(id).unwrap().as_dict().unwrap();
        let mb = page.get(b"MediaBox").unwrap().as_array().unwrap();
        let dims: Vec<f32> =
            mb.iter().map(|o| o.as_float().or_else(|_| o.as_i64().map(|i| i as f32)).unwrap()).collect();
        let (w, h) = (dims[2] - dims[0], dims[3] - dims[1]);
        let (short, long) = (w.min(h), w.max(h));
        assert!((short - 595.3).abs() < 1.0 && (long - 841.9).abs() < 1.0, "page {n} is {w}×{h} pt, not A4");
    }
    // Every font is embedded: each font descriptor carries its font program.
    let mut descriptors = 0;
    for obj in doc.objects.values() {
        if let Object::Dictionary(d) = obj {
            if d.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"FontDescriptor".as_slice()) {
                descriptors += 1;
                assert!(
                    d.has(b"FontFile2") || d.has(b"FontFile3") || d.has(b"FontFile"),
                    "a font is not embedded: {d:?}"
                );
                let name = d.get(b"FontName").unwrap().as_name().unwrap();
                assert!(
                    String::from_utf8_lossy(name).contains("LiberationSerif"),
                    "unexpected font {}",
                    String::from_utf8_lossy(name)
                );
            }
        }
    }
    assert!(descriptors >= 3, "regular, bold and italic expected, found {descriptors}");

    // A report from sample files carries the mark on every page.
    for (i, p) in pages.iter().enumerate() {
        assert!(p.contains("DỮ LIỆU MẪU"), "page {} has no sample mark", i + 1);
    }
}

fn set(fx: &Fixture, from: &str, to: &str) {
    let path = fx.path().join("tonghop.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "«{from}» not in the config");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

#[test]
fn pdf_a_2b_on_request() {
    let fx = Fixture::new(8, 0, 0);
    fx.cmd().arg("run").assert().code(0);
    let plain = std::fs::read(fx.pdf_path()).unwrap();
    assert!(!String::from_utf8_lossy(&plain).contains("pdfaid"));
    set(&fx, "pdf_a = false", "pdf_a = true");
    fx.cmd().arg("run").assert().code(0);
    let archival = String::from_utf8_lossy(&std::fs::read(fx.pdf_path()).unwrap()).into_owned();
    assert!(archival.contains("<pdfaid:part>2</pdfaid:part>"), "no PDF/A part 2 identification");
    assert!(archival.contains("<pdfaid:conformance>B</pdfaid:conformance>"), "no conformance level B");
}

#[test]
fn section_one_takes_the_officers_paragraphs_from_a_file() {
    let fx = Fixture::new(9, 0, 0);
    std::fs::write(
        fx.path().join("gioi-thieu.txt"),
        "\u{feff}Trong kỳ, Sở đã tổ chức hội nghị sơ kết\r\nvới các phường, xã.\r\n\r\nCác đơn vị đã chủ động triển khai.\r\n",
    )
    .unwrap();
    set(&fx, "intro_file = \"\"", "intro_file = \"gioi-thieu.txt\"");
    fx.cmd().arg("run").assert().code(0);
    let text = flat(&pages_text(&fx.pdf_path()).join("\n"));
    let one = &text[text.find("I. TÌNH HÌNH TRIỂN KHAI").unwrap()..text.find("II. KẾT QUẢ THỰC HIỆN").unwrap()];
    assert!(one.contains("Trong kỳ, Sở đã tổ chức hội nghị sơ kết với các phường, xã."), "{one}");
    assert!(one.contains("Các đơn vị đã chủ động triển khai."), "{one}");
}
