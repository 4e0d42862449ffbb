//! Reading workbooks where a reader that aborts or loops costs only its own file.
//!
//! The budgets of [`super::BUDGET`] are checked before anything is allocated from what a file
//! claims, but a library can still fail in ways no check foresees: an allocation it makes from a
//! number in the file, a loop it never leaves. So the binary reads in worker processes of its
//! own (the same executable, started with [`WORKER_ENV`] set): each worker reads the files it is
//! sent one at a time and answers with the cells, under a heap cap ([`CappedAlloc`]) and a
//! deadline per file. A worker that aborts, is killed at the deadline, or answers nonsense costs
//! one diagnostic for the file it was reading; a new worker takes the next file. Works the same
//! on Linux and Windows: no signals, no rlimits, only pipes and `Child::kill`.
//!
//! Library callers (tests, examples) read in-process unless they call [`use_workers`].

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use rayon::prelude::*;

use super::{read_workbook, Found, ReadError, Workbook, BUDGET};

/// Set in a worker's environment: the process serves read requests instead of running the CLI.
pub const WORKER_ENV: &str = "TONGHOP_WORKER";
/// Fault hook for tests: `abort=<file name>;hang=<file name>` makes the worker reading that file
/// abort or never answer.
pub const FAULT_ENV: &str = "TONGHOP_FAULT_READ";
/// Seconds a file may take, instead of [`BUDGET`]'s (tests use a short one).
pub const TIMEOUT_ENV: &str = "TONGHOP_READ_TIMEOUT";

/// A frame larger than this is not a workbook this budget allows: the worker is broken.
const MAX_FRAME: u32 = 1 << 30;

static WORKER_EXE: OnceLock<PathBuf> = OnceLock::new();

/// Reads every workbook of this process in worker processes of `exe` (normally
/// `std::env::current_exe()`, whose `main` calls [`serve_if_worker`] first).
pub fn use_workers(exe: PathBuf) {
    let _ = WORKER_EXE.set(exe);
}

/// The global allocator of the binary: the system's, with a cap on live heap bytes that only a
/// worker sets. Past the cap an allocation fails, and Rust aborts the worker with "memory
/// allocation of N bytes failed": the parent reads that and reports the file.
pub struct CappedAlloc;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static CAP: AtomicUsize = AtomicUsize::new(usize::MAX);

impl CappedAlloc {
    #[inline]
    fn admit(size: usize) -> bool {
        let cap = CAP.load(Ordering::Relaxed);
        if cap == usize::MAX {
            return true;
        }
        let before = LIVE.fetch_add(size as isize, Ordering::Relaxed);
        if before.saturating_add(size as isize) > cap as isize {
            LIVE.fetch_sub(size as isize, Ordering::Relaxed);
            return false;
        }
        true
    }

    #[inline]
    fn release(size: usize) {
        if CAP.load(Ordering::Relaxed) != usize::MAX {
            LIVE.fetch_sub(size as isize, Ordering::Relaxed);
        }
    }
}

// The crate's one unsafe code (Cargo.toml denies it elsewhere): a GlobalAlloc is an unsafe trait,
// and this one only counts bytes around the system allocator's own calls.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for CappedAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !Self::admit(layout.size()) {
            return std::ptr::null_mut();
        }
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            Self::release(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !Self::admit(layout.size()) {
            return std::ptr::null_mut();
        }
        let p = unsafe { System.alloc_zeroed(layout) };
        if p.is_null() {
            Self::release(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        Self::release(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() && !Self::admit(new_size - layout.size()) {
            return std::ptr::null_mut();
        }
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            if new_size > layout.size() {
                Self::release(new_size - layout.size());
            }
        } else if new_size < layout.size() {
            Self::release(layout.size() - new_size);
        }
        p
    }
}

/// In a worker process: serves read requests until its input closes, then exits. Elsewhere
/// returns at once. Call it first thing in `main`.
pub fn serve_if_worker() {
    if std::env::var_os(WORKER_ENV).is_none() {
        return;
    }
    // Nothing a worker says reaches the terminal: a panic is caught and becomes the file's
    // error, and the parent keeps stderr only to tell an abort from a crash.
    std::panic::set_hook(Box::new(|_| {}));
    CAP.store(BUDGET.memory_mib << 20, Ordering::Relaxed);
    watch_resident_memory();
    let faults = std::env::var(FAULT_ENV).unwrap_or_default();
    let mut input = BufReader::new(std::io::stdin().lock());
    let mut output = BufWriter::new(std::io::stdout().lock());
    while let Ok(Some(bytes)) = read_frame(&mut input) {
        let path = path_from_bytes(&bytes);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for fault in faults.split(';') {
            match fault.split_once('=') {
                Some(("abort", f)) if f == name => std::process::abort(),
                Some(("hang", f)) if f == name => loop {
                    std::thread::sleep(Duration::from_secs(3600));
                },
                _ => {}
            }
        }
        let result = read_workbook(&path, "");
        let Ok(encoded) = postcard::to_stdvec(&result) else { std::process::exit(3) };
        drop(result);
        if write_frame(&mut output, &encoded).and_then(|_| output.flush()).is_err() {
            std::process::exit(0);
        }
    }
    std::process::exit(0);
}

/// Resident memory a worker may reach, in MiB: the heap cap, plus what the heap count does not
/// see (memory a library maps itself, the allocator's own pages).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
const RESIDENT_MIB: usize = BUDGET.memory_mib + 96;

/// In a worker: a thread that checks every 20 ms that the parent is still there (a worker
/// whose parent was killed must not go on reading, or hang, forever: on Unix it is then
/// re-parented, which is seen) and, on Linux, the process's resident size: past
/// [`RESIDENT_MIB`] it ends the worker as an allocation failure would, so the parent reports the
/// file as needing too much memory. (Windows: the heap cap alone holds.)
fn watch_resident_memory() {
    #[cfg(unix)]
    std::thread::spawn(|| {
        let parent = std::os::unix::process::parent_id();
        loop {
            std::thread::sleep(Duration::from_millis(20));
            if std::os::unix::process::parent_id() != parent {
                std::process::exit(0);
            }
            #[cfg(target_os = "linux")]
            {
                // statm: size resident shared … in pages.
                let Ok(statm) = std::fs::read_to_string("/proc/self/statm") else { continue };
                let pages: usize = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).unwrap_or(0);
                if pages.saturating_mul(4096) > RESIDENT_MIB << 20 {
                    eprintln!("memory allocation of {} bytes failed (resident)", pages.saturating_mul(4096));
                    std::process::abort();
                }
            }
        }
    });
}

fn read_frame(r: &mut impl Read) -> std::io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_le_bytes(len);
    if len > MAX_FRAME {
        return Err(std::io::Error::other("khung dữ liệu quá lớn"));
    }
    let mut bytes = vec![0u8; len as usize];
    r.read_exact(&mut bytes)?;
    Ok(Some(bytes))
}

fn write_frame(w: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    w.write_all(&(bytes.len() as u32).to_le_bytes())?;
    w.write_all(bytes)
}

/// A path as bytes for the pipe: a file name need not be valid UTF-8 (Linux) or UTF-16
/// (Windows), and must reach the worker exactly.
fn path_bytes(p: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        p.as_os_str().as_bytes().to_vec()
    }
    #[cfg(windows)]
    {
        use std::os::windows::ffi::OsStrExt;
        p.as_os_str().encode_wide().flat_map(u16::to_le_bytes).collect()
    }
}

fn path_from_bytes(b: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(b))
    }
    #[cfg(windows)]
    {
        use std::os::windows::ffi::OsStringExt;
        let wide: Vec<u16> = b.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        PathBuf::from(std::ffi::OsString::from_wide(&wide))
    }
}

/// One worker process and the threads that drain its output.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    replies: Receiver<std::io::Result<Vec<u8>>>,
    stderr: Arc<Mutex<Vec<u8>>>,
}

impl Worker {
    fn start(exe: &Path) -> std::io::Result<Worker> {
        let mut child = Command::new(exe)
            .env(WORKER_ENV, "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take().ok_or_else(|| std::io::Error::other("no stdin"))?;
        let stdout = child.stdout.take().ok_or_else(|| std::io::Error::other("no stdout"))?;
        let mut err_pipe = child.stderr.take().ok_or_else(|| std::io::Error::other("no stderr"))?;
        let (tx, replies) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                match read_frame(&mut r) {
                    Ok(Some(b)) => {
                        if tx.send(Ok(b)).is_err() {
                            return;
                        }
                    }
                    Ok(None) => {
                        let _ = tx.send(Err(std::io::Error::from(std::io::ErrorKind::UnexpectedEof)));
                        return;
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                }
            }
        });
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(n) = err_pipe.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                if let Ok(mut s) = sink.lock() {
                    if s.len() < 64 << 10 {
                        s.extend_from_slice(&chunk[..n]);
                    }
                }
            }
        });
        Ok(Worker { child, stdin, replies, stderr })
    }

    /// Sends one file to read. `Err` means the worker is gone, and the reason is that file's.
    fn send(&mut self, path: &Path) -> Result<(), ReadError> {
        let sent = write_frame(&mut self.stdin, &path_bytes(path)).and_then(|_| self.stdin.flush());
        sent.map_err(|_| self.death())
    }

    /// Waits for the cells of the file sent last, at most `deadline`. `Err` means the worker is
    /// gone (killed or dead) and the reason is that file's.
    fn receive(&mut self, deadline: Duration) -> Result<Result<Workbook, ReadError>, ReadError> {
        match self.replies.recv_timeout(deadline) {
            Ok(Ok(bytes)) => match postcard::from_bytes::<Result<Workbook, ReadError>>(&bytes) {
                Ok(r) => Ok(r),
                Err(e) => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    Err(ReadError::Crashed(format!("dữ liệu trả về không đọc được: {e}")))
                }
            },
            Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => Err(self.death()),
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                let _ = self.child.wait();
                Err(ReadError::Timeout(deadline.as_secs().max(1)))
            }
        }
    }

    /// Why the worker stopped answering.
    fn death(&mut self) -> ReadError {
        let status = self.child.wait();
        // Let the stderr thread catch the last words.
        for _ in 0..50 {
            let done = self.stderr.lock().map(|s| s.windows(6).any(|w| w == b"failed")).unwrap_or(true);
            if done {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let said = self.stderr.lock().map(|s| String::from_utf8_lossy(&s).into_owned()).unwrap_or_default();
        if said.contains("memory allocation of") {
            ReadError::OutOfMemory(BUDGET.memory_mib)
        } else {
            let how = match status {
                Ok(s) => ended(&s),
                Err(e) => crate::files::io_text(&e),
            };
            ReadError::Crashed(how)
        }
    }
}

/// How a worker ended, in Vietnamese: the standard library says "exit code: 0xc0000409" (a
/// Windows abort) or "signal: 6 (SIGABRT)".
fn ended(status: &std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("tiến trình đọc bị dừng, tín hiệu {signal}");
        }
    }
    match status.code() {
        // Windows codes are NTSTATUS values, read in hexadecimal.
        Some(code) if cfg!(windows) => format!("tiến trình đọc kết thúc với mã {:#010x}", code as u32),
        Some(code) => format!("tiến trình đọc kết thúc với mã {code}"),
        None => "tiến trình đọc kết thúc bất thường".to_string(),
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing stdin ends a healthy worker; one that does not end is killed.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn deadline() -> Duration {
    let secs = std::env::var(TIMEOUT_ENV).ok().and_then(|v| v.parse::<f64>().ok()).filter(|s| *s > 0.0);
    Duration::from_secs_f64(secs.unwrap_or(BUDGET.seconds as f64))
}

/// Reads every file of `files` (under `input`) and hands each result to `each` with the file's
/// index, in parallel; returns what `each` returned, in the order of `files`.
pub fn read_all<T: Send>(files: &[Found], each: impl Fn(usize, Result<Workbook, ReadError>) -> T + Sync) -> Vec<T> {
    let read_here = |f: &Found| {
        read_workbook(&f.path, &f.rel).map(|mut b| {
            b.file = f.rel.clone();
            b
        })
    };
    let Some(exe) = WORKER_EXE.get() else {
        return files.par_iter().enumerate().map(|(i, f)| each(i, read_here(f))).collect();
    };
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).clamp(1, 8).min(files.len());
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<T>>> = files.iter().map(|_| Mutex::new(None)).collect();
    let deadline = deadline();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                // The worker holds one file at a time. As soon as a file's cells are back, the
                // next file is sent, so the worker reads it while this thread checks the last.
                let mut worker: Option<Worker> = None;
                // The next file to handle, and whether it is already with the worker.
                let mut queued: Option<(usize, bool)> = None;
                loop {
                    let (i, with_worker) = match queued.take() {
                        Some(q) => q,
                        None => {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            if i >= files.len() {
                                break;
                            }
                            (i, false)
                        }
                    };
                    let f = &files[i];
                    if worker.is_none() {
                        worker = Worker::start(exe).ok();
                    }
                    let result = match worker.as_mut() {
                        // No worker could be started: read here rather than not at all.
                        None => read_here(f),
                        Some(w) => {
                            let sent = if with_worker { Ok(()) } else { w.send(&f.path) };
                            match sent.and_then(|_| w.receive(deadline)) {
                                Ok(r) => {
                                    let j = next.fetch_add(1, Ordering::Relaxed);
                                    if let Some(g) = files.get(j) {
                                        let ok = w.send(&g.path).is_ok();
                                        if !ok {
                                            // Gone between two files: a new worker takes it.
                                            worker = None;
                                        }
                                        queued = Some((j, ok));
                                    }
                                    r.map(|mut b| {
                                        b.file = f.rel.clone();
                                        b
                                    })
                                }
                                Err(why) => {
                                    worker = None;
                                    Err(why)
                                }
                            }
                        }
                    };
                    let out = each(i, result);
                    if let Ok(mut slot) = results[i].lock() {
                        *slot = Some(out);
                    }
                }
            });
        }
    });
    results.into_iter().filter_map(|m| m.into_inner().ok().flatten()).collect()
}
