//! Structural fuzzing of the reader, through the binary, for a time budget.
//!
//! cargo build && cargo run --example fuzz -- --seconds 600 [--seed 1] [--batch 10] [--release]
//!
//! Takes real workbooks (the generator's .xlsx, the LibreOffice-made .xls/.xlsx/.ods fixtures),
//! mutates them the way hostile or broken files differ from good ones — zip parts dropped,
//! duplicated or cut; cell references moved far away or made absurd; repeat counts, shared-string
//! counts and spans inflated; cell types and values (dates, infinities, huge numbers) changed;
//! rows multiplied; bytes flipped — and runs `tonghop run` on a folder of `batch` mutants plus
//! one good workbook. A run fails the harness when it aborts or is killed (exit not 0/1),
//! takes longer than the budget, prints a panic or an allocation failure, or loses the good
//! workbook's agency. Failing folders are kept under target/fuzz-failures/ for replay.

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

fn main() {
    let seconds: u64 = arg("--seconds").and_then(|v| v.parse().ok()).unwrap_or(60);
    let seed: u64 = arg("--seed").and_then(|v| v.parse().ok()).unwrap_or(1);
    let batch: usize = arg("--batch").and_then(|v| v.parse().ok()).unwrap_or(10);
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
    while started.elapsed() < Duration::from_secs(seconds) {
        let ws = tempfile::tempdir().unwrap();
        std::fs::write(ws.path().join("tonghop.toml"), &config).unwrap();
        let input = ws.path().join("input");
        std::fs::create_dir_all(&input).unwrap();
        std::fs::copy(&good, input.join("so-y-te.xlsx")).unwrap();
        for k in 0..batch {
            let s = &seeds[rng.random_range(0..seeds.len())];
            let ext = s.name.rsplit('.').next().unwrap_or("xlsx");
            std::fs::write(input.join(format!("m{k:02}.{ext}")), mutate(s, &mut rng)).unwrap();
            files += 1;
        }
        let t = Instant::now();
        let mut child = Command::new(&bin)
            .arg("-C")
            .arg(ws.path())
            .arg("--im-lang")
            .arg("run")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut err = String::new();
        let stderr = child.stderr.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = std::io::BufReader::new(stderr).read_to_string(&mut s);
            s
        });
        // Each file may take the reader's deadline (20 s) on each of 2 workers; anything past
        // that plus the report is a hang.
        let limit = Duration::from_secs(20 * batch as u64 / 2 + 40);
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break Some(s);
            }
            if t.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        err.push_str(&reader.join().unwrap_or_default());
        let secs = t.elapsed().as_secs_f64();
        slowest = slowest.max(secs);
        runs += 1;
        let json: Option<serde_json::Value> =
            std::fs::read(ws.path().join("output/bao-cao-2026-6-thang-cuoi-nam.json"))
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok());
        let good_read = json.as_ref().is_some_and(|j| {
            j["figures"]["register"]
                .as_array()
                .is_some_and(|r| r.iter().any(|a| a["agency"] == "so-y-te" && a["state"] != "Missing"))
        });
        if let Some(j) = &json {
            unreadable +=
                j["diagnostics"].as_array().map_or(0, |d| d.iter().filter(|d| d["code"] == "file-unreadable").count());
        }
        let why = match status {
            None => Some("hang".to_string()),
            Some(s) if !matches!(s.code(), Some(0 | 1)) => Some(format!("exit {s}")),
            _ if err.contains("panicked") || err.contains("memory allocation") => Some("panic/abort text".into()),
            _ if !good_read => Some("good workbook lost".into()),
            _ => None,
        };
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
        "fuzz: {files} mutated files in {runs} runs over {:.0} s; {failures} failed runs; {unreadable} files reported unreadable; slowest run {slowest:.1} s",
        started.elapsed().as_secs_f64()
    );
    if failures > 0 {
        std::process::exit(1);
    }
}
