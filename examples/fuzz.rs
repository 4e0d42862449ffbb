//! Structural fuzzing of the reader, through the binary, for a time budget.
//!
//! cargo build && cargo run --example fuzz -- --seconds 600 [--seed 1] [--batch 10] [--demo]
//!
//! Takes real workbooks (the generator's .xlsx, the LibreOffice-made .xls/.xlsx/.ods fixtures),
//! mutates them the way hostile or broken files differ from good ones — zip parts dropped,
//! duplicated or cut; cell references moved far away or made absurd; repeat counts, shared-string
//! counts and spans inflated; cell types and values (dates, infinities, huge numbers) changed;
//! rows multiplied; bytes flipped — and runs `tonghop run` on a folder of `batch` mutants plus
//! one good workbook. A run fails the harness when it aborts or is killed (exit not 0/1),
//! takes longer than the budget, prints a panic or an allocation failure, or loses the good
//! workbook's agency. Failing folders are kept under target/fuzz-failures/ for replay.
//!
//! Each run also draws one family of attack on what surrounds the files (issue "Hardening,
//! part 3"), so that what it fixed stays fixed:
//! - `write`: texts that reach the outputs past their formats' limits (sheet names, formulas and
//!   error texts of 40.000 characters, U+FFFF, control characters), file names of 240 bytes,
//!   broken files sharing a name stem in several folders;
//! - `identity`: files naming the good agency with no figures, or with the return-form line of
//!   its file but no "Sai sót" sheet; the good agency's figures must still be its report's;
//! - `outside`: the history record, last run's Word report or the intro file as a pipe, a
//!   3 GB sparse file, or garbage;
//! - `utf16`: the mutants' XML parts re-encoded in UTF-16;
//! - `config`: a config value made hostile (output or history inside input, a path through a
//!   link out of the workspace, 70.000-character strings, control characters, 50.000
//!   recipients): the run must either report or stop with exit 2 naming tonghop.toml, and never
//!   write into input/;
//! - `concurrent`: two runs at once on the workspace: one reports, the other reports too or
//!   stops with "đang có một lần chạy khác"; the output set is whole afterwards.
//!
//! The peak resident memory of each run (workers included, by GNU time when present) is kept.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

/// A workbook to mutate: its name and bytes.
struct Seed {
    name: String,
    bytes: Vec<u8>,
}

fn seeds(repo: &Path, scratch: &Path) -> Vec<Seed> {
    let plan = tonghop::plan::load_plan(&repo.join("templates/plans/kh-nq57-hue.toml")).expect("plan");
    let opts = tonghop::sample::SampleOptions {
        seed: 7,
        missing: 0,
        late: 0,
        deadline: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        cycle_label: "6 tháng cuối năm 2026".into(),
        copies: 1,
        mistakes: 0,
    };
    let gen = scratch.join("generated");
    tonghop::sample::generate(&plan, &opts, &gen).expect("generate");
    let mut out = Vec::new();
    for name in ["so-cong-thuong.xlsx", "phuong-thuan-hoa.xlsx", "vien-cnsh.xlsx"] {
        out.push(Seed { name: name.into(), bytes: std::fs::read(gen.join(name)).unwrap() });
    }
    let fixtures = repo.join("tests/fixtures");
    let mut stack = vec![fixtures];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if matches!(p.extension().and_then(|e| e.to_str()), Some("xlsx" | "xls" | "ods")) {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                if !name.starts_with("~$") && std::fs::metadata(&p).map(|m| m.len() > 1000).unwrap_or(false) {
                    out.push(Seed { name, bytes: std::fs::read(&p).unwrap() });
                }
            }
        }
    }
    out
}

fn unzip(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut parts = Vec::new();
    for i in 0..z.len() {
        let mut e = z.by_index(i).ok()?;
        let mut b = Vec::new();
        e.read_to_end(&mut b).ok()?;
        parts.push((e.name().ok()?.into_owned(), b));
    }
    Some(parts)
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    for (n, b) in parts {
        let _ = w.start_file(n.as_str(), opts);
        let _ = w.write_all(b);
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}

const FAR_REFS: &[&str] = &[
    "XFD1048576",
    "A1048576",
    "A1048577",
    "XFE1",
    "AAAAAAAAAAAAAAAA1",
    "A99999999999999999999",
    "A0",
    "1A",
    "",
    "ZZZZ4294967296",
];
const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "2958465.9999",
    "2958466",
    "-inf",
    "inf",
    "NaN",
    "1e308",
    "-1e308",
    "4294967295",
    "18446744073709551616",
    "0.5",
    "x",
];
const COUNTS: &[&str] =
    &["0", "1", "1048576", "4294967295", "18446744073709551615", "99999999999999999999", "-1", "abc"];

/// Replaces the value of a random occurrence of `attr="…"` in `text`.
fn mutate_attr(text: &mut String, rng: &mut ChaCha8Rng, attr: &str, values: &[&str]) -> bool {
    let key = format!("{attr}=\"");
    let hits: Vec<usize> = text.match_indices(&key).map(|(i, _)| i + key.len()).collect();
    if hits.is_empty() {
        return false;
    }
    let start = hits[rng.random_range(0..hits.len())];
    let Some(len) = text[start..].find('"') else { return false };
    let v = values[rng.random_range(0..values.len())];
    text.replace_range(start..start + len, v);
    true
}

fn mutate_xml(text: &mut String, rng: &mut ChaCha8Rng) {
    match rng.random_range(0..9) {
        0 => {
            mutate_attr(text, rng, "r", FAR_REFS);
        }
        1 => {
            let _ = mutate_attr(text, rng, "uniqueCount", COUNTS) || mutate_attr(text, rng, "count", COUNTS);
        }
        2 => {
            let attrs = [
                "table:number-rows-repeated",
                "table:number-columns-repeated",
                "table:number-rows-spanned",
                "table:number-columns-spanned",
            ];
            let a = attrs[rng.random_range(0..attrs.len())];
            if !mutate_attr(text, rng, a, COUNTS) {
                // Add a repeat to a row that has content.
                if let Some(i) = text.find("<table:table-row") {
                    text.insert_str(
                        i + "<table:table-row".len(),
                        &format!(" {a}=\"{}\"", COUNTS[rng.random_range(0..COUNTS.len())]),
                    );
                }
            }
        }
        3 => {
            mutate_attr(text, rng, "t", &["d", "e", "b", "n", "s", "str", "inlineStr", "zz"]);
        }
        4 => {
            // A value replaced.
            let hits: Vec<usize> = text.match_indices("<v>").map(|(i, _)| i + 3).collect();
            if !hits.is_empty() {
                let s = hits[rng.random_range(0..hits.len())];
                if let Some(l) = text[s..].find("</v>") {
                    text.replace_range(s..s + l, NUMBERS[rng.random_range(0..NUMBERS.len())]);
                }
            }
            mutate_attr(text, rng, "office:value", NUMBERS);
            mutate_attr(
                text,
                rng,
                "office:date-value",
                &["-0001-01-01", "0000-00-00", "99999-12-31", "2026-02-31", "x"],
            );
        }
        5 => {
            // Rows multiplied.
            if let (Some(a), Some(b)) = (text.find("<row"), text.find("</row>")) {
                if a < b {
                    let row = text[a..b + 6].to_string();
                    let n = rng.random_range(1..2000);
                    text.insert_str(b + 6, &row.repeat(n));
                }
            }
        }
        6 => {
            // A sheet list or sheet data made huge.
            if let Some(i) = text.find("</sheets>") {
                let n = rng.random_range(100..5000);
                let many: String =
                    (0..n).map(|k| format!("<sheet name=\"F{k}\" sheetId=\"{}\" r:id=\"rId1\"/>", k + 100)).collect();
                text.insert_str(i, &many);
            } else if let Some(i) = text.find("</sheetData>") {
                text.insert_str(i, &"<row/>".repeat(rng.random_range(1000..200_000)));
            }
        }
        7 => {
            // Text cut at a random point (unbalanced XML).
            if !text.is_empty() {
                let mut cut = rng.random_range(0..text.len());
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                text.truncate(cut);
            }
        }
        _ => {
            // A long string.
            if let Some(i) = text.find("</t>") {
                text.insert_str(i, &"ư".repeat(rng.random_range(1..300_000)));
            }
        }
    }
}

fn mutate(seed: &Seed, rng: &mut ChaCha8Rng) -> Vec<u8> {
    if let Some(mut parts) = unzip(&seed.bytes) {
        for _ in 0..rng.random_range(1..4) {
            match rng.random_range(0..10) {
                0 if !parts.is_empty() => {
                    let i = rng.random_range(0..parts.len());
                    parts.remove(i);
                }
                1 if !parts.is_empty() => {
                    let i = rng.random_range(0..parts.len());
                    let p = parts[i].clone();
                    parts.push(p);
                }
                2 if !parts.is_empty() => {
                    let i = rng.random_range(0..parts.len());
                    let n = parts[i].1.len();
                    parts[i].1.truncate(rng.random_range(0..=n));
                }
                _ => {
                    let xmls: Vec<usize> = (0..parts.len()).filter(|i| parts[*i].0.ends_with(".xml")).collect();
                    if xmls.is_empty() {
                        continue;
                    }
                    let i = xmls[rng.random_range(0..xmls.len())];
                    let mut text = String::from_utf8_lossy(&parts[i].1).into_owned();
                    mutate_xml(&mut text, rng);
                    parts[i].1 = text.into_bytes();
                }
            }
        }
        rezip(&parts)
    } else {
        // Not a zip (.xls): flip bytes, cut, or repeat a block.
        let mut b = seed.bytes.clone();
        match rng.random_range(0..3) {
            0 => {
                for _ in 0..rng.random_range(1..50) {
                    let i = rng.random_range(0..b.len());
                    b[i] ^= 1 << rng.random_range(0..8);
                }
            }
            1 => {
                let n = b.len();
                b.truncate(rng.random_range(0..n));
            }
            _ => {
                let i = rng.random_range(0..b.len());
                for k in 0..rng.random_range(1..8) {
                    if i + k < b.len() {
                        b[i + k] = 0xFF;
                    }
                }
            }
        }
        b
    }
}

/// What surrounds the mutants in one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Cells,
    Write,
    Identity,
    Outside,
    Utf16,
    Config,
    Concurrent,
}

impl Family {
    fn draw(rng: &mut ChaCha8Rng) -> Family {
        [
            Family::Cells,
            Family::Write,
            Family::Identity,
            Family::Outside,
            Family::Utf16,
            Family::Config,
            Family::Concurrent,
        ][rng.random_range(0..7)]
    }
}

/// Names and sizes of everything under `dir`.
fn listing(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let Ok(meta) = std::fs::symlink_metadata(e.path()) else { continue };
            if meta.is_dir() {
                stack.push(e.path());
            }
            out.push((e.path(), if meta.is_file() { meta.len() } else { 0 }));
        }
    }
    out.sort();
    out
}

/// Texts that reach the outputs: sheet names, formulas, error texts past Excel's limits,
/// characters XML cannot hold; then broken files with long names and one stem.
fn write_family(input: &Path, seeds: &[Seed], rng: &mut ChaCha8Rng) {
    let xlsx: Vec<&Seed> = seeds.iter().filter(|s| s.name.ends_with(".xlsx")).collect();
    let s = xlsx[rng.random_range(0..xlsx.len())];
    if let Some(mut parts) = unzip(&s.bytes) {
        for (name, bytes) in parts.iter_mut() {
            let mut x = String::from_utf8_lossy(bytes).into_owned();
            if name == "xl/workbook.xml" && rng.random_bool(0.5) {
                x = x.replacen("name=\"", &format!("name=\"{}", "Trang ".repeat(6_000)), 1);
            }
            if name == "xl/worksheets/sheet1.xml" {
                let long = "x".repeat(rng.random_range(30_000..45_000));
                let cells = format!(
                    "<row r=\"900\"><c r=\"B900\"><f>{long}</f></c><c r=\"C900\" t=\"e\"><v>#N/A{long}</v></c>\
                     <c r=\"D900\" t=\"inlineStr\"><is><t>a\u{FFFF}b&#xFFFE;c\u{1}d</t></is></c></row>"
                );
                x = x.replace("</sheetData>", &format!("{cells}</sheetData>"));
                x = x.replace("<t>Đang thực hiện</t>", "<t>Đang thực hiện\u{FFFF}</t>");
            }
            *bytes = x.into_bytes();
        }
        let _ = std::fs::write(input.join("w-dai.xlsx"), rezip(&parts));
    }
    let long = format!("{}.xlsx", "bao-cao-".repeat(rng.random_range(20..30)));
    let _ = std::fs::create_dir_all(input.join("con"));
    for name in [long.as_str(), "a.xlsx", "a.xls", "con/a.xlsx", "A.XLSX.ods"] {
        let _ = std::fs::write(input.join(name), b"not a workbook");
    }
}

/// Files that name the good agency but must not replace its report.
fn identity_family(repo: &Path, input: &Path, rng: &mut ChaCha8Rng) {
    let dir = repo.join("tests/fixtures/hardening");
    for name in ["so-y-te-khong-bang.xlsx", "so-y-te-dong-tra-lai.xlsx"] {
        if rng.random_bool(0.7) {
            let _ = std::fs::copy(dir.join(name), input.join(name));
        }
    }
}

/// What tonghop reads besides input/, made hostile. Returns the words a run that stops must
/// say, when stopping is right (an intro file that is not text is a config error).
fn outside_family(ws: &Path, rng: &mut ChaCha8Rng) -> Option<&'static str> {
    let record = ws.join("lich-su/kh-nq57-hue/2026-1.parquet");
    let docx = ws.join("output/bao-cao-2026-6-thang-cuoi-nam.docx");
    let _ = std::fs::create_dir_all(record.parent().unwrap());
    let _ = std::fs::create_dir_all(docx.parent().unwrap());
    let target = if rng.random_bool(0.5) { &record } else { &docx };
    match rng.random_range(0..4) {
        #[cfg(unix)]
        0 => {
            let _ = Command::new("mkfifo").arg(target).status();
        }
        1 => {
            let _ = std::fs::File::create(target).and_then(|f| f.set_len(3 << 30));
        }
        2 => {
            let junk: Vec<u8> = (0..rng.random_range(10..100_000)).map(|_| rng.random()).collect();
            let _ = std::fs::write(target, junk);
        }
        _ => {
            let cfg = ws.join("tonghop.toml");
            let text = std::fs::read_to_string(&cfg).unwrap_or_default();
            let _ = std::fs::write(&cfg, text.replace("intro_file = \"\"", "intro_file = \"gioi-thieu.txt\""));
            let junk: Vec<u8> = (0..rng.random_range(10..10_000)).map(|_| rng.random()).collect();
            let _ = std::fs::write(ws.join("gioi-thieu.txt"), junk);
            return Some("gioi-thieu.txt");
        }
    }
    None
}

/// The mutants' XML parts in UTF-16 (valid, if unusual).
fn utf16_family(input: &Path) {
    for e in std::fs::read_dir(input).into_iter().flatten().flatten() {
        let p = e.path();
        let Some(mut parts) = std::fs::read(&p).ok().and_then(|b| unzip(&b)) else { continue };
        for (name, bytes) in parts.iter_mut() {
            if name.ends_with(".xml") {
                let text = String::from_utf8_lossy(bytes).replacen("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1);
                let mut out = vec![0xFF, 0xFE];
                out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                *bytes = out;
            }
        }
        let _ = std::fs::write(&p, rezip(&parts));
    }
}

/// One config value made hostile; the words a run that refuses it must say.
fn config_family(ws: &Path, rng: &mut ChaCha8Rng) -> &'static str {
    let cfg = ws.join("tonghop.toml");
    let text = std::fs::read_to_string(&cfg).unwrap_or_default();
    #[cfg(unix)]
    let _ = std::os::unix::fs::symlink("/tmp", ws.join("ra-ngoai"));
    let long = "SỞ".repeat(rng.random_range(100..40_000));
    let recipients = vec!["\"Sở\""; rng.random_range(1..60_000)].join(", ");
    let (key, line) = match rng.random_range(0..9) {
        0 => ("output =", "output = \"input\"".to_string()),
        1 => ("output =", "output = \"\"".to_string()),
        2 => ("history =", "history = \"input/ls\"".to_string()),
        3 => ("output =", "output = \"ra-ngoai/kq\"".to_string()),
        4 => ("plan =", "plan = \"../ngoai/kh.toml\"".to_string()),
        5 => ("issuing_body =", format!("issuing_body = \"{long}\"")),
        6 => ("parent_body =", "parent_body = \"UBND\\u0001\\u001F THÀNH PHỐ\\uFFFF\"".to_string()),
        7 => ("recipients =", format!("recipients = [{recipients}]")),
        _ => ("name =", format!("name = \"{}\"", "Nguyễn ".repeat(rng.random_range(1..20_000)))),
    };
    // `recipients` spans lines in the shipped config: the array is replaced whole.
    let mut out = Vec::new();
    let mut skipping = false;
    for l in text.lines() {
        if skipping {
            skipping = !l.trim_start().starts_with(']');
            continue;
        }
        if l.trim_start().starts_with(key) {
            skipping = key == "recipients =" && !l.contains(']');
            out.push(line.clone());
        } else {
            out.push(l.to_string());
        }
    }
    let _ = std::fs::write(&cfg, out.join("\n"));
    "tonghop.toml"
}

/// One run of the binary, being waited for.
struct Running {
    child: std::process::Child,
    started: Instant,
    stderr: std::thread::JoinHandle<String>,
}

struct Outcome {
    /// None: killed at the limit.
    code: Option<i32>,
    stderr: String,
    seconds: f64,
    peak_kb: u64,
}

const TIME: &str = "/usr/bin/time";
const PEAK_TAG: &str = "TONGHOP_PEAK_KB=";

fn start(bin: &Path, ws: &Path) -> Running {
    // GNU time measures the run and its workers; without it, no figure.
    let mut c = if Path::new(TIME).exists() {
        let mut c = Command::new(TIME);
        c.arg("-f").arg(format!("{PEAK_TAG}%M")).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    let mut child = c
        .arg("-C")
        .arg(ws)
        .arg("--im-lang")
        .arg("run")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pipe = child.stderr.take().unwrap();
    let stderr = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::BufReader::new(pipe).read_to_string(&mut s);
        s
    });
    Running { child, started: Instant::now(), stderr }
}

fn finish(mut r: Running, limit: Duration) -> Outcome {
    let status = loop {
        if let Some(s) = r.child.try_wait().unwrap() {
            break Some(s);
        }
        if r.started.elapsed() > limit {
            let _ = r.child.kill();
            let _ = r.child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let seconds = r.started.elapsed().as_secs_f64();
    let mut stderr = r.stderr.join().unwrap_or_default();
    let mut peak_kb = 0;
    if let Some(i) = stderr.rfind(PEAK_TAG) {
        peak_kb = stderr[i + PEAK_TAG.len()..].trim().parse().unwrap_or(0);
        stderr.truncate(i);
    }
    Outcome { code: status.and_then(|s| s.code()), stderr, seconds, peak_kb }
}

fn main() {
    let seconds: u64 = arg("--seconds").and_then(|v| v.parse().ok()).unwrap_or(60);
    let seed: u64 = arg("--seed").and_then(|v| v.parse().ok()).unwrap_or(1);
    // --demo: each run is the generated cycle of every agency plus `batch` (default 1) hostile
    // files, to measure the budget of a real cycle with one bad file in it.
    let demo = std::env::args().any(|a| a == "--demo");
    let batch: usize = arg("--batch").and_then(|v| v.parse().ok()).unwrap_or(if demo { 1 } else { 10 });
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let exe = std::env::current_exe().unwrap();
    let bin = exe
        .parent()
        .and_then(|p| p.parent())
        .map(|p| p.join(format!("tonghop{}", std::env::consts::EXE_SUFFIX)))
        .unwrap();
    assert!(bin.exists(), "build the binary first (cargo build): {}", bin.display());
    let scratch = tempfile::tempdir().unwrap();
    // A copy of the binary: a rebuild during the run must not pull it away.
    let copy = scratch.path().join(bin.file_name().unwrap());
    std::fs::copy(&bin, &copy).unwrap();
    let bin = copy;
    let seeds = seeds(&repo, scratch.path());
    let good = scratch.path().join("generated/so-y-te.xlsx");
    let config = std::fs::read_to_string(repo.join("tonghop.toml"))
        .unwrap()
        .replace(
            "plan = \"templates/plans/kh-nq57-hue.toml\"",
            &format!("plan = {:?}", repo.join("templates/plans/kh-nq57-hue.toml").display().to_string()),
        )
        .replace("font = \"auto\"", "font = \"Liberation Serif\"");
    let failures_dir = repo.join("target/fuzz-failures");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let started = Instant::now();
    let (mut files, mut runs, mut failures, mut unreadable, mut slowest) = (0usize, 0usize, 0usize, 0usize, 0f64);
    let mut peak_kb = 0u64;
    let mut families = [0usize; 7];
    while started.elapsed() < Duration::from_secs(seconds) {
        let ws = tempfile::tempdir().unwrap();
        std::fs::write(ws.path().join("tonghop.toml"), &config).unwrap();
        let input = ws.path().join("input");
        std::fs::create_dir_all(&input).unwrap();
        if demo {
            // The whole demo-sized cycle beside the hostile file(s).
            for e in std::fs::read_dir(good.parent().unwrap()).unwrap().flatten() {
                std::fs::copy(e.path(), input.join(e.file_name())).unwrap();
            }
        } else {
            std::fs::copy(&good, input.join("so-y-te.xlsx")).unwrap();
        }
        for k in 0..batch {
            let s = &seeds[rng.random_range(0..seeds.len())];
            let ext = s.name.rsplit('.').next().unwrap_or("xlsx");
            std::fs::write(input.join(format!("m{k:02}.{ext}")), mutate(s, &mut rng)).unwrap();
            files += 1;
        }
        let family = Family::draw(&mut rng);
        let mut allowed_stop: Option<&str> = None;
        match family {
            Family::Cells | Family::Concurrent => {}
            Family::Write => write_family(&input, &seeds, &mut rng),
            Family::Identity => identity_family(&repo, &input, &mut rng),
            Family::Outside => allowed_stop = outside_family(ws.path(), &mut rng),
            Family::Utf16 => utf16_family(&input),
            Family::Config => allowed_stop = Some(config_family(ws.path(), &mut rng)),
        }
        let before_input = listing(&input);
        let limit = Duration::from_secs(20 * batch as u64 / 2 + 40);
        let outcomes: Vec<Outcome> = if family == Family::Concurrent {
            let a = start(&bin, ws.path());
            let b = start(&bin, ws.path());
            vec![finish(a, limit), finish(b, limit)]
        } else {
            vec![finish(start(&bin, ws.path()), limit)]
        };
        for o in &outcomes {
            slowest = slowest.max(o.seconds);
            peak_kb = peak_kb.max(o.peak_kb);
        }
        runs += 1;
        let json: Option<serde_json::Value> =
            std::fs::read(ws.path().join("output/bao-cao-2026-6-thang-cuoi-nam.json"))
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok());
        let good_read = json.as_ref().is_some_and(|j| {
            let registered = j["figures"]["register"]
                .as_array()
                .is_some_and(|r| r.iter().any(|a| a["agency"] == "so-y-te" && a["state"] != "Missing"));
            // Its figures are its report's, not "Chưa báo cáo" from a file that replaced it.
            let reported = j["figures"]["task_rows"].as_array().is_some_and(|rows| {
                rows.iter()
                    .flat_map(|t| t["assignments"].as_array().into_iter().flatten())
                    .any(|a| a["agency"] == "so-y-te" && a["status"] != "NotReported")
            });
            registered && reported
        });
        if let Some(j) = &json {
            unreadable +=
                j["diagnostics"].as_array().map_or(0, |d| d.iter().filter(|d| d["code"] == "file-unreadable").count());
        }
        let err: String = outcomes.iter().map(|o| o.stderr.as_str()).collect::<Vec<_>>().join("\n---\n");
        let stopped = |o: &Outcome, words: &str| o.code == Some(2) && o.stderr.contains(words);
        let reports = outcomes.iter().filter(|o| matches!(o.code, Some(0 | 1))).count();
        let whole = ["pdf", "xlsx", "json"]
            .iter()
            .all(|e| ws.path().join(format!("output/bao-cao-2026-6-thang-cuoi-nam.{e}")).exists());
        let why = if outcomes.iter().any(|o| o.code.is_none()) {
            Some("hang".to_string())
        } else if err.contains("panicked") || err.contains("memory allocation") {
            Some("panic/abort text".into())
        } else if listing(&input) != before_input {
            Some("input/ changed".into())
        } else if outcomes.iter().any(|o| {
            !matches!(o.code, Some(0 | 1))
                && !allowed_stop.is_some_and(|w| stopped(o, w))
                && !(family == Family::Concurrent && stopped(o, "đang có một lần chạy khác"))
        }) {
            Some(format!("exit {:?} ({family:?})", outcomes.iter().map(|o| o.code).collect::<Vec<_>>()))
        } else if reports == 0 && allowed_stop.is_some() {
            None // stopped as it must, naming the cause
        } else if !good_read || !whole {
            Some(format!("good workbook lost or output set not whole ({family:?})"))
        } else {
            None
        };
        families[family as usize] += 1;
        if let Some(why) = why {
            failures += 1;
            let keep = failures_dir.join(format!("run-{runs:05}"));
            let _ = std::fs::create_dir_all(&keep);
            for e in std::fs::read_dir(&input).unwrap().flatten() {
                let _ = std::fs::copy(e.path(), keep.join(e.file_name()));
            }
            let _ = std::fs::write(keep.join("why.txt"), format!("{why}\n{err}"));
            eprintln!("FAIL run {runs}: {why} (kept in {})", keep.display());
        }
    }
    println!(
        "fuzz: {files} mutated files in {runs} runs over {:.0} s; {failures} failed runs; {unreadable} files reported unreadable; slowest run {slowest:.1} s; peak memory {} MiB",
        started.elapsed().as_secs_f64(),
        peak_kb / 1024
    );
    println!("runs by family (cells, write, identity, outside, utf16, config, concurrent): {families:?}");
    if failures > 0 {
        std::process::exit(1);
    }
}
