//! Truncated, bit-flipped and random files through the reader and the checker: every one ends
//! as records or a diagnostic, none as a panic or a hang.

use crate::common;

use std::sync::mpsc;
use std::time::Duration;

use common::{plan, Fixture};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tonghop::ingest::read_workbook;
use tonghop::validate::{check_file, DateWindow};

/// Reads and checks `bytes` as a workbook on another thread; fails on a panic or after 20 s.
/// Returns whether the file was read (records) and its diagnostic codes.
fn survive(dir: &std::path::Path, name: &str, bytes: &[u8]) -> (bool, Vec<&'static str>) {
    std::fs::write(dir.join(name), bytes).unwrap();
    let (tx, rx) = mpsc::channel();
    let dir = dir.to_path_buf();
    let file = name.to_string();
    let plan = plan();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let read = read_workbook(&dir.join(&file), &file);
            let o = check_file(&plan, &file, read, DateWindow::around(2026));
            (o.is_read(), o.diagnostics().iter().map(|d| d.code).collect::<Vec<_>>())
        }));
        let _ = tx.send(result.ok());
    });
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(Some(r)) => r,
        Ok(None) => panic!("a panic escaped on {name}"),
        Err(_) => panic!("{name} hung the reader"),
    }
}

#[test]
fn damaged_and_random_files_never_panic_or_hang() {
    let fx = Fixture::new(61, 0, 0);
    let good = std::fs::read(fx.input().join("so-khcn.xlsx")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    // Every file ends as records or with a diagnostic saying why not: none vanishes.
    let mut outcomes = Vec::new();
    for i in 0..40 {
        let cut = good.len() * i / 40;
        let (read, codes) = survive(dir.path(), &format!("truncated-{i}.xlsx"), &good[..cut]);
        // A zip cut anywhere loses its directory: never read, always said.
        assert!(!read && codes == ["file-unreadable"], "truncated-{i}: {read} {codes:?}");
        outcomes.push((read, codes));
    }
    for i in 0..150 {
        let mut b = good.clone();
        for _ in 0..rng.random_range(1..8) {
            let at = rng.random_range(0..b.len());
            b[at] ^= 1 << rng.random_range(0..8);
        }
        outcomes.push(survive(dir.path(), &format!("flipped-{i}.xlsx"), &b));
    }
    for (i, ext) in ["xlsx", "xls", "ods", "xlsb", "xlsm"].iter().cycle().take(40).enumerate() {
        let len = rng.random_range(0..4096);
        let mut b: Vec<u8> = (0..len).map(|_| rng.random()).collect();
        if i % 4 == 0 && b.len() > 4 {
            b[..4].copy_from_slice(b"PK\x03\x04"); // looks like a zip archive
        }
        if i % 4 == 1 && b.len() > 8 {
            b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
            // an OLE header
        }
        let (read, codes) = survive(dir.path(), &format!("random-{i}.{ext}"), &b);
        assert!(!read && codes == ["file-unreadable"], "random-{i}: {read} {codes:?}");
        outcomes.push((read, codes));
    }
    for (i, (read, codes)) in outcomes.iter().enumerate() {
        assert!(*read || !codes.is_empty(), "file {i} neither read nor reported");
    }
    // Some flipped files still read (a flip in a part nobody uses), most do not: both happen.
    let read = outcomes.iter().filter(|(r, _)| *r).count();
    assert!(read > 0 && read < outcomes.len(), "{read} of {} read", outcomes.len());
}
