//! How tonghop was started, and so where it works: from a terminal, as told; double-clicked in
//! Explorer (no arguments, a console window of its own), in the folder the program sits in,
//! with its window kept open at the end and the output folder opened.

use std::path::{Path, PathBuf};

/// The workspace: the folder given with `-C`; else the current folder when it holds
/// `tonghop.toml`; else, when tonghop was started with no arguments at all (a double-click
/// starts it in whatever folder Explorer chooses), the folder of the program when that holds
/// one; else the current folder, whose error then says what is missing.
pub fn workspace(given: Option<&Path>, no_arguments: bool, current: &Path, program: Option<&Path>) -> PathBuf {
    if let Some(dir) = given {
        return dir.to_path_buf();
    }
    let holds_config = |dir: &Path| dir.join("tonghop.toml").is_file();
    if holds_config(current) {
        return current.to_path_buf();
    }
    if no_arguments {
        if let Some(dir) = program.and_then(Path::parent).filter(|d| holds_config(d)) {
            return dir.to_path_buf();
        }
    }
    current.to_path_buf()
}

/// The console, on Windows: UTF-8 output (Vietnamese prints as itself, not as "?"), and whether
/// the window is tonghop's own (started from Explorer: it closes when tonghop ends). Elsewhere
/// nothing to set, and never an own window.
// The Win32 console calls are unsafe code (Cargo.toml denies it elsewhere); each call says why it is sound.
#[allow(unsafe_code)]
pub mod console {
    #[cfg(windows)]
    mod sys {
        #[link(name = "kernel32")]
        unsafe extern "system" {
            pub fn SetConsoleOutputCP(code_page: u32) -> i32;
            pub fn SetConsoleCP(code_page: u32) -> i32;
            pub fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
        }
    }

    /// Sets the console to UTF-8, input and output.
    pub fn utf8() {
        #[cfg(windows)]
        // SAFETY: plain Win32 calls with a constant argument; a failure leaves the code page.
        unsafe {
            sys::SetConsoleOutputCP(65001);
            sys::SetConsoleCP(65001);
        }
    }

    /// Whether tonghop is the only process of its console: started by a double-click, not from
    /// a terminal.
    pub fn own_window() -> bool {
        #[cfg(windows)]
        {
            let mut list = [0u32; 4];
            // SAFETY: the buffer holds `list.len()` process ids, as the call is told.
            let n = unsafe { sys::GetConsoleProcessList(list.as_mut_ptr(), list.len() as u32) };
            n == 1
        }
        #[cfg(not(windows))]
        {
            false
        }
    }
}

/// At the end of a double-clicked run: the output folder opened in Explorer, and the window
/// kept until the officer presses Enter (it would close with the summary otherwise).
pub fn finish_in_own_window(output: Option<&Path>) {
    use std::io::{BufRead, Write};
    if let Some(dir) = output.filter(|d| d.is_dir()) {
        #[cfg(windows)]
        let _ = std::process::Command::new("explorer").arg(dir).spawn();
        #[cfg(not(windows))]
        let _ = dir;
    }
    print!("\nNhấn phím Enter để đóng cửa sổ này.");
    let _ = std::io::stdout().flush();
    let _ = std::io::stdin().lock().read_line(&mut String::new());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_double_click_works_in_the_programs_folder() {
        let program_dir = tempfile::tempdir().unwrap();
        std::fs::write(program_dir.path().join("tonghop.toml"), "").unwrap();
        let program = program_dir.path().join("tonghop.exe");
        let elsewhere = tempfile::tempdir().unwrap();
        // No arguments, no workspace where Explorer started it: the program's folder.
        assert_eq!(workspace(None, true, elsewhere.path(), Some(&program)), program_dir.path());
        // From a terminal with a command: as before, the current folder (its error says so).
        assert_eq!(workspace(None, false, elsewhere.path(), Some(&program)), elsewhere.path());
        // A workspace in the current folder, or one given with -C, always wins.
        let here = tempfile::tempdir().unwrap();
        std::fs::write(here.path().join("tonghop.toml"), "").unwrap();
        assert_eq!(workspace(None, true, here.path(), Some(&program)), here.path());
        assert_eq!(workspace(Some(elsewhere.path()), true, here.path(), Some(&program)), elsewhere.path());
        // The program's folder without a workspace: the current folder.
        let bare = tempfile::tempdir().unwrap();
        assert_eq!(workspace(None, true, elsewhere.path(), Some(&bare.path().join("tonghop.exe"))), elsewhere.path());
        assert!(!console::own_window(), "never an own window outside Windows");
    }
}
