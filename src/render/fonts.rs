//! Fonts: the shipped Liberation Serif (metric-compatible with Times New Roman, covers
//! Vietnamese) is always embedded in the binary; Times New Roman is used instead when the
//! machine has it. No other system font is ever loaded, so text cannot fall back to a font
//! without Vietnamese glyphs.

use std::path::{Path, PathBuf};

use typst::foundations::Bytes;
use typst::text::Font;

const SHIPPED: [&[u8]; 4] = [
    include_bytes!("../../templates/fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../../templates/fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../../templates/fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../../templates/fonts/LiberationSerif-BoldItalic.ttf"),
];

pub const SHIPPED_FAMILY: &str = "Liberation Serif";
pub const PREFERRED_FAMILY: &str = "Times New Roman";

/// The fonts a report is set in, first family first.
pub struct FontSet {
    pub fonts: Vec<Font>,
    pub families: Vec<String>,
    /// Said to the user when the requested font could not be had.
    pub note: Option<String>,
}

/// Loads the fonts for `choice` ("auto", "Times New Roman" or "Liberation Serif").
pub fn font_set(choice: &str) -> FontSet {
    let mut fonts: Vec<Font> = SHIPPED.iter().flat_map(|b| Font::iter(Bytes::new(*b))).collect();
    let wants_tnr = matches!(choice.trim().to_lowercase().as_str(), "auto" | "times new roman");
    let mut families = vec![SHIPPED_FAMILY.to_string()];
    let mut note = None;
    if wants_tnr {
        let tnr: Vec<Font> = times_new_roman_files()
            .iter()
            .filter_map(|p| std::fs::read(p).ok())
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .filter(|f| f.info().family == PREFERRED_FAMILY)
            .collect();
        if tnr.is_empty() {
            if choice.trim().eq_ignore_ascii_case("times new roman") {
                note = Some(
                    "máy không có phông Times New Roman; dùng phông Liberation Serif đi kèm (cùng kích thước chữ)"
                        .into(),
                );
            }
        } else {
            families.insert(0, PREFERRED_FAMILY.to_string());
            fonts.extend(tnr);
        }
    }
    FontSet { fonts, families, note }
}

/// Times New Roman files where Windows, macOS and Linux keep them.
fn times_new_roman_files() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(windir) = std::env::var_os("WINDIR") {
        dirs.push(Path::new(&windir).join("Fonts"));
    }
    if let Some(local) = std::env::var_os("LOCALAPPDATA") {
        dirs.push(Path::new(&local).join("Microsoft").join("Windows").join("Fonts"));
    }
    for d in [
        "/Library/Fonts",
        "/System/Library/Fonts/Supplemental",
        "/usr/share/fonts/truetype/msttcorefonts",
        "/usr/share/fonts/TTF",
        "/usr/share/fonts/truetype",
    ] {
        dirs.push(PathBuf::from(d));
    }
    let mut files = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        names.sort();
        for p in names {
            let name = p.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
            let is_font = name.ends_with(".ttf") || name.ends_with(".ttc");
            if is_font
                && (name.starts_with("times")
                    || name.starts_with("times new roman")
                    || name.starts_with("times_new_roman"))
            {
                files.push(p);
            }
        }
    }
    files
}

/// Width in points of `text` set at `size` pt in the shipped Liberation Serif, regular or bold:
/// the width it has in Times New Roman too, whose metrics it shares. For what must be measured
/// outside Typst (the rules under the Word header's lines); characters without a glyph count 0.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let face = ttf_parser::Face::parse(SHIPPED[usize::from(bold)], 0).expect("the shipped font parses");
    let units: u32 =
        text.chars().filter_map(|c| face.glyph_index(c)).filter_map(|g| face.glyph_hor_advance(g)).map(u32::from).sum();
    units as f64 * size / f64::from(face.units_per_em())
}

/// `text` in as few lines of at most `width` points as greedy filling gives, the breaks
/// chosen so that the lines are balanced (the longest as short as it can be, none under a
/// third of it) and fall where a reader pauses: before a capitalised word ("… triển khai |
/// Nghị quyết …") rather than inside a name ("Nghị | quyết"). Breaks only at spaces (U+0020),
/// so no-break spaces hold. One line when it fits; greedy lines past four lines or 60 words.
pub fn balanced_lines(text: &str, size: f64, bold: bool, width: f64) -> Vec<String> {
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let space = text_width(" ", size, bold);
    let widths: Vec<f64> = words.iter().map(|w| text_width(w, size, bold)).collect();
    let span = |i: usize, j: usize| widths[i..j].iter().sum::<f64>() + space * (j - i).saturating_sub(1) as f64;
    let n = words.len();
    if n < 2 || span(0, n) <= width {
        return vec![words.join(" ")];
    }
    // Greedy filling: the fewest lines there can be, and the fallback.
    let mut greedy = vec![0];
    for j in 1..=n {
        if span(*greedy.last().expect("a start"), j) > width && j - 1 > *greedy.last().expect("a start") {
            greedy.push(j - 1);
        }
    }
    let lines_of = |starts: &[usize]| -> Vec<String> {
        starts.iter().enumerate().map(|(k, &i)| words[i..*starts.get(k + 1).unwrap_or(&n)].join(" ")).collect()
    };
    let lines = greedy.len();
    if lines > 4 || n > 60 {
        return lines_of(&greedy);
    }
    // What a break before word j costs, in points.
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let cost = |j: usize| -> f64 {
        if words[j - 1].ends_with([',', ';', ':']) || capital(words[j]) {
            -0.05 * width
        } else if capital(words[j - 1]) {
            0.25 * width
        } else {
            0.0
        }
    };
    let mut best: Option<(f64, Vec<usize>)> = None;
    let mut starts = vec![0];
    fn choose(
        starts: &mut Vec<usize>,
        lines: usize,
        n: usize,
        width: f64,
        span: &dyn Fn(usize, usize) -> f64,
        cost: &dyn Fn(usize) -> f64,
        best: &mut Option<(f64, Vec<usize>)>,
    ) {
        let from = *starts.last().expect("a start");
        if starts.len() == lines {
            let mut all: Vec<f64> = starts.windows(2).map(|w| span(w[0], w[1])).collect();
            all.push(span(from, n));
            let longest = all.iter().cloned().fold(0.0, f64::max);
            if longest > width || all.iter().any(|w| *w < longest / 3.0) {
                return;
            }
            let score = longest + starts[1..].iter().map(|&j| cost(j)).sum::<f64>();
            if best.as_ref().is_none_or(|(b, _)| score < *b) {
                *best = Some((score, starts.clone()));
            }
            return;
        }
        for j in from + 1..n {
            if span(from, j) > width {
                break;
            }
            starts.push(j);
            choose(starts, lines, n, width, span, cost, best);
            starts.pop();
        }
    }
    choose(&mut starts, lines, n, width, &span, &cost, &mut best);
    match best {
        Some((_, starts)) => lines_of(&starts),
        None => lines_of(&greedy),
    }
}

/// Characters of `text` that no loaded font has a glyph for.
pub fn uncovered(fonts: &[Font], text: &str) -> Vec<char> {
    let mut missing: Vec<char> = text
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .filter(|c| !fonts.iter().any(|f| f.info().coverage.contains(*c as u32)))
        .collect();
    missing.sort();
    missing.dedup();
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_font_covers_vietnamese_and_reports_what_it_lacks() {
        let set = font_set("Liberation Serif");
        assert_eq!(set.families, [SHIPPED_FAMILY]);
        let vietnamese =
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ỹ ỵ ữ ự ẵ ẳ ặ đ Đ «» – … ≥ ≤ №";
        assert_eq!(uncovered(&set.fonts, vietnamese), Vec::<char>::new());
        assert_eq!(uncovered(&set.fonts, "Huế 漢 ☃"), vec!['☃', '漢']);
    }

    #[test]
    fn a_title_over_two_lines_is_balanced() {
        let subject = "Kết quả thực hiện Kế hoạch triển khai Nghị quyết số 57-NQ/TW 6 tháng cuối năm\u{a0}2026";
        let width = 165.0 * 72.0 / 25.4;
        let lines = balanced_lines(subject, 14.0, true, width);
        assert_eq!(lines.len(), 2, "{lines:?}");
        let w: Vec<f64> = lines.iter().map(|l| text_width(l, 14.0, true)).collect();
        assert!(w.iter().all(|x| *x <= width), "{w:?}");
        // No last line under a third of the longest (before: "năm 2026" alone).
        assert!(w[1] > w[0] / 3.0 && w[0] > w[1] / 3.0, "{lines:?} {w:?}");
        assert_eq!(lines.join(" "), subject);
        assert!(lines.iter().all(|l| !l.ends_with("năm")), "no-break space held: {lines:?}");
        // Not inside "Nghị quyết": before it.
        assert!(lines[1].starts_with("Nghị quyết"), "{lines:?}");
        assert_eq!(balanced_lines("Ngắn", 14.0, true, width), ["Ngắn"]);
    }

    #[test]
    fn text_widths_are_times_new_roman_metrics() {
        // Times New Roman's advances: "H" 722, "u" 500, "ế" 444 of 1000 (2048 units: 1479, 1024, 909).
        let w = text_width("Huế", 10.0, false);
        assert!((w - (1479.0 + 1024.0 + 909.0) / 2048.0 * 10.0).abs() < 0.01, "{w}");
        assert!(text_width("Độc lập", 14.0, true) > text_width("Độc lập", 14.0, false));
    }
}
