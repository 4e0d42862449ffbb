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
    fn text_widths_are_times_new_roman_metrics() {
        // Times New Roman's advances: "H" 722, "u" 500, "ế" 444 of 1000 (2048 units: 1479, 1024, 909).
        let w = text_width("Huế", 10.0, false);
        assert!((w - (1479.0 + 1024.0 + 909.0) / 2048.0 * 10.0).abs() < 0.01, "{w}");
        assert!(text_width("Độc lập", 14.0, true) > text_width("Độc lập", 14.0, false));
    }
}
