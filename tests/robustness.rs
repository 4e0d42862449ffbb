//! Truncated, bit-flipped and random files through the reader and the checker: every one ends
//! as records or a diagnostic, none as a panic or a hang.

mod common;

use std::sync::mpsc;
use std::time::Duration;

use common::{plan, Fixture};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tonghop::ingest::read_workbook;
use tonghop::validate::check_file;

/// Reads and checks `bytes` as a workbook on another thread; fails on a panic or after 20 s.
fn survive(dir: &std::path::Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
    let (tx, rx) = mpsc::channel();
    let dir = dir.to_path_buf();
    let file = name.to_string();
    let plan = plan();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let read = read_workbook(&dir, &file);
            let _ = check_file(&plan, &file, read);
        }));
        let _ = tx.send(result.is_ok());
    });
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(true) => {}
        Ok(false) => panic!("a panic escaped on {name}"),
        Err(_) => panic!("{name} hung the reader"),
    }
}

#[test]
fn damaged_and_random_files_never_panic_or_hang() {
    let fx = Fixture::new(61, 0, 0);
    let good = std::fs::read(fx.input().join("so-khcn.xlsx")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let mut n = 0;
    for i in 0..40 {
        let cut = good.len() * i / 40;
        survive(dir.path(), &format!("truncated-{i}.xlsx"), &good[..cut]);
        n += 1;
    }
    for i in 0..150 {
        let mut b = good.clone();
        for _ in 0..rng.random_range(1..8) {
            let at = rng.random_range(0..b.len());
            b[at] ^= 1 << rng.random_range(0..8);
        }
        survive(dir.path(), &format!("flipped-{i}.xlsx"), &b);
        n += 1;
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
        survive(dir.path(), &format!("random-{i}.{ext}"), &b);
        n += 1;
    }
    assert_eq!(n, 230);
}
