//! The one way to run the binary: `dossier()` (or `Site::cmd`/`Site::run`) gives a
//! builder with the same environment for every test, and `Run` is what came back.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use crate::common::diag::{parse_diagnostics, Diag};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_dossier");

/// A `dossier` command line being put together. Every run gets the same environment:
/// `NO_COLOR=1`, no DOSSIER_TIMINGS, and no proxies (the only server a test may talk to
/// is its own on 127.0.0.1, with nothing in between).
pub struct Dossier {
    cmd: Command,
}

/// `dossier` with no arguments yet.
pub fn dossier() -> Dossier {
    Dossier::new(Command::new(BIN))
}

/// `PROGRAM PREFIX… dossier`: the binary run through a wrapper such as `setpriv`.
pub fn dossier_via(program: &str, prefix: &[&str]) -> Dossier {
    let mut cmd = Command::new(program);
    cmd.args(prefix).arg(BIN);
    Dossier::new(cmd)
}

impl Dossier {
    fn new(mut cmd: Command) -> Dossier {
        cmd.env("NO_COLOR", "1").env_remove("DOSSIER_TIMINGS");
        // A build slower than a second prints a progress line; on a loaded machine any
        // build may be, and stderr would then depend on the machine's mood. Tests that
        // want the line set this again (a later `env` wins).
        cmd.env("DOSSIER_PROGRESS_AFTER_MS", "3600000");
        for var in [
            "http_proxy",
            "https_proxy",
            "all_proxy",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
        ] {
            cmd.env_remove(var);
        }
        Dossier { cmd }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Dossier {
        self.cmd.arg(arg);
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(mut self, args: I) -> Dossier {
        self.cmd.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Dossier {
        self.cmd.env(key, value);
        self
    }

    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Dossier {
        self.cmd.current_dir(dir);
        self
    }

    pub fn stdout(mut self, to: impl Into<Stdio>) -> Dossier {
        self.cmd.stdout(to);
        self
    }

    pub fn stderr(mut self, to: impl Into<Stdio>) -> Dossier {
        self.cmd.stderr(to);
        self
    }

    /// Runs it to the end and collects what it printed.
    pub fn run(mut self) -> Run {
        Run::from(self.cmd.output().expect("run dossier"))
    }

    /// Runs it to the end, or `None` when the program cannot be started at all.
    pub fn try_run(mut self) -> Option<Run> {
        self.cmd.output().ok().map(Run::from)
    }

    /// Starts it and returns at once (for `serve`, and builds killed midway).
    pub fn spawn(mut self) -> Child {
        self.cmd.spawn().expect("start dossier")
    }
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit code; 128 + the signal number when a signal ended it, as shells say.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(out: Output) -> Run {
        Run {
            code: exit_code(&out),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

fn exit_code(out: &Output) -> i32 {
    if let Some(code) = out.status.code() {
        return code;
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        128 + out.status.signal().unwrap_or(0)
    }
    #[cfg(not(unix))]
    {
        -1
    }
}

impl Run {
    /// The diagnostics printed on stderr.
    pub fn diagnostics(&self) -> Vec<Diag> {
        parse_diagnostics(&self.stderr)
    }

    pub fn errors(&self) -> Vec<Diag> {
        self.of_severity("error")
    }

    pub fn warnings(&self) -> Vec<Diag> {
        self.of_severity("warning")
    }

    fn of_severity(&self, severity: &str) -> Vec<Diag> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d.severity == severity)
            .collect()
    }

    /// Panics with the whole stderr unless the exit code is `code`.
    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit code {code}, got {}\n--- stderr ---\n{}",
            self.code, self.stderr
        );
        self
    }

    /// The exit code and the whole stderr, with `tmp` (a test's temporary folder)
    /// written `[TMP]` and times `[N] ms`: the text a user reads, stable across machines
    /// and runs, for a snapshot.
    pub fn transcript(&self, tmp: &Path) -> String {
        let stderr = self.stderr.replace(&tmp.display().to_string(), "[TMP]");
        let stderr = blank_millis(&stderr);
        format!("exit code: {}\n--- stderr ---\n{stderr}", self.code)
    }
}

/// `in 49 ms` → `in [N] ms`, wherever a run says how long it took.
fn blank_millis(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(" in ") {
        let (before, after) = rest.split_at(at + " in ".len());
        out.push_str(before);
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && after[digits..].starts_with(" ms") {
            out.push_str("[N]");
            rest = &after[digits..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}
