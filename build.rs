//! Embeds the plans shipped in `templates/plans/` and the agency registries they share in
//! `templates/co-quan/`, so that a workspace anywhere can name one (`plan = "kh-98-2024"`) without
//! a path out of itself, and a single executable carries them. No plan is named here: every
//! `.toml` of each folder is one.

use std::fmt::Write;
use std::path::Path;

fn main() {
    // Read at run time, not baked in with env!(): the compiled build script is reused across
    // clones that share a target directory (CI's), and a path from another clone, once deleted,
    // embedded no plan at all.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    let root = Path::new(&manifest_dir);
    let mut out = String::new();
    for (folder, constant, what) in
        [("templates/plans", "SHIPPED", "plans"), ("templates/co-quan", "SHIPPED_REGISTRIES", "agency registries")]
    {
        let dir = root.join(folder);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> =
            std::fs::read_dir(&dir).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
        files.sort();
        writeln!(
            out,
            "/// The {what} shipped with tonghop: (name, TOML text).\npub const {constant}: &[(&str, &str)] = &["
        )
        .unwrap();
        for p in files {
            println!("cargo:rerun-if-changed={}", p.display());
            let name = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
            writeln!(out, "    ({name:?}, include_str!({:?})),", p.display().to_string()).unwrap();
        }
        out.push_str("];\n");
    }
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("shipped_plans.rs");
    std::fs::write(dest, out).unwrap();
}
