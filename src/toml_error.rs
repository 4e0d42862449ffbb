//! TOML errors said in Vietnamese, for the config and the plan files alike.

use chrono::NaiveDate;

/// The toml crate says "unknown field `x`, expected one of …" in English; the officer reads
/// Vietnamese. The line/column part of its message is kept.
/// A TOML error said in Vietnamese, with the line and column where it is (`source` is the text
/// that was parsed): a missing key, an unknown key (with the valid ones), a wrong type, bad syntax.
pub(crate) fn translate(e: &toml::de::Error, source: &str) -> String {
    let msg = e.message();
    let place = e
        .span()
        .map(|s| {
            let before = &source[..s.start.min(source.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            format!(" (dòng {line}, cột {column})")
        })
        .unwrap_or_default();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = expected.trim_start_matches(", expected ").replace("one of ", "");
        return format!("khóa \"{key}\" không được hỗ trợ{place}; các khóa hợp lệ: {expected}");
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return format!("thiếu khóa bắt buộc \"{key}\"{place}");
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!("giá trị sai kiểu{place}: cần {}, gặp {}", kind_vi(expected.trim()), kind_vi(found.trim()));
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!("giá trị không hợp lệ{place}: cần {}, gặp {}", kind_vi(expected.trim()), kind_vi(found.trim()));
    }
    // The parser's own words are English: say what is wrong on that line, else what to look at.
    let line = e
        .span()
        .map(|sp| {
            let start = source[..sp.start.min(source.len())].rfind('\n').map(|i| i + 1).unwrap_or(0);
            let end = source[start..].find('\n').map(|i| start + i).unwrap_or(source.len());
            &source[start..end]
        })
        .unwrap_or("");
    if let Some(hint) = syntax_hint(line) {
        return format!("sai cú pháp{place}: {hint}");
    }
    format!(
        "sai cú pháp{place}: kiểm tra dấu ngoặc [ ], dấu nháy \" \" và dấu = ở chỗ này (mỗi dòng một khóa = giá trị)"
    )
}

/// What is wrong with one config line, for the mistakes officers make: quotes Word curled, a
/// date as it is written on paper, a date that does not exist, a Windows path in double quotes,
/// a comma left at the end.
fn syntax_hint(line: &str) -> Option<String> {
    if line.contains(['“', '”', '‘', '’']) {
        return Some(
            "dòng này có dấu nháy cong (“ ” hay ‘ ’, thường do Word tự đổi); hãy gõ lại bằng dấu nháy thẳng \" trong Notepad"
                .into(),
        );
    }
    let (key, value) = line.split_once('=')?;
    let (key, value) = (key.trim(), value.trim());
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let parts: Vec<&str> = value.split('/').collect();
    if parts.len() == 3 && parts.iter().all(|p| digits(p)) {
        return Some(format!(
            "ngày ghi dạng năm-tháng-ngày, ví dụ {key} = {}-{:0>2}-{:0>2} (hoặc trong dấu nháy: {key} = \"{value}\")",
            parts[2], parts[1], parts[0]
        ));
    }
    let ymd: Vec<&str> = value.split('-').collect();
    if ymd.len() == 3 && ymd.iter().all(|p| digits(p)) {
        if let (Ok(y), Ok(m), Ok(d)) = (ymd[0].parse::<i32>(), ymd[1].parse::<u32>(), ymd[2].parse::<u32>()) {
            if NaiveDate::from_ymd_opt(y, m, d).is_none() {
                let days = (28..=31).rev().find(|d| NaiveDate::from_ymd_opt(y, m, *d).is_some());
                return Some(match days {
                    Some(n) => format!("ngày {value} không có thật: tháng {m} năm {y} có {n} ngày"),
                    None => format!("ngày {value} không có thật: tháng phải từ 1 đến 12"),
                });
            }
        }
    }
    if value.starts_with('"') && value.contains('\\') {
        return Some(format!(
            "đường dẫn Windows trong dấu nháy kép: dấu \\ có nghĩa riêng; hãy ghi trong dấu nháy đơn, ví dụ {key} = '{}', \
             hoặc dùng dấu gạch chéo: {key} = \"{}\"",
            value.trim_matches('"'),
            value.trim_matches('"').replace('\\', "/")
        ));
    }
    if value.ends_with(',') && !value.starts_with('[') {
        return Some(format!(
            "dấu phẩy thừa ở cuối dòng; ghi {key} = {} (dấu phẩy chỉ dùng giữa các mục trong [ ])",
            value.trim_end_matches(',').trim()
        ));
    }
    None
}

/// serde's names of kinds of values ("a string", "integer `5`", "u32"), in Vietnamese.
fn kind_vi(kind: &str) -> String {
    let quoted = |k: &str| k.split_once(' ').map(|(_, v)| v.trim_matches('`').to_string()).unwrap_or_default();
    match kind {
        k if k.starts_with("string ") => format!("chuỗi {}", quoted(k)),
        k if k.starts_with("integer ") => format!("số {}", quoted(k)),
        k if k.starts_with("floating point ") => format!("số {}", quoted(k).replace('.', ",")),
        k if k.starts_with("boolean ") => format!("{} (true/false)", quoted(k)),
        "a string" | "string" => "một chuỗi trong ngoặc kép".into(),
        "a boolean" | "bool" => "true hoặc false".into(),
        "a sequence" | "sequence" => "một danh sách [ … ]".into(),
        "a map" | "map" | "struct" => "một bảng { … }".into(),
        k if k.starts_with('u') || k.starts_with('i') || k.contains("integer") => "một số nguyên".into(),
        k if k.starts_with('f') || k.contains("float") => "một số".into(),
        k if k.contains("date") => "một ngày (năm-tháng-ngày)".into(),
        k => k.to_string(),
    }
}
