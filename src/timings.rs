//! Opt-in stage timings (`DOSSIER_TIMINGS=1`, switched on by `main`): how long each stage
//! of a run took, and how much of compose went into glossary linking.
//!
//! Stage times are always measured: a few clock reads per run. Glossary linking runs once
//! per text run of every page, in parallel, so its time is added to a global atomic only
//! when timings are on; off, it costs one relaxed load per call. Printing is `main`'s job.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
/// The stage running now, for `main`'s progress line on a long build.
static CURRENT: std::sync::Mutex<&str> = std::sync::Mutex::new("read");

/// The stage a run is in now (`read`, `compose`, `render`…).
pub fn current_stage() -> &'static str {
    *CURRENT.lock().unwrap_or_else(|e| e.into_inner())
}
static GLOSSARY_NANOS: AtomicU64 = AtomicU64::new(0);

/// Turns on the fine-grained counters (glossary linking).
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Starts timing a piece of glossary linking; `None` (and no clock read) when off.
#[inline]
pub fn glossary_start() -> Option<Instant> {
    enabled().then(Instant::now)
}

/// Adds the time since `start` to the glossary counter.
#[inline]
pub fn glossary_stop(start: Option<Instant>) {
    if let Some(s) = start {
        let nanos = u64::try_from(s.elapsed().as_nanos()).unwrap_or(u64::MAX);
        GLOSSARY_NANOS.fetch_add(nanos, Ordering::Relaxed);
    }
}

/// Reads and resets the glossary counter.
fn take_glossary() -> Duration {
    Duration::from_nanos(GLOSSARY_NANOS.swap(0, Ordering::Relaxed))
}

/// User and system CPU time of this process so far (all threads), and its peak resident
/// memory so far in KiB (Linux; 0 where the system does not say).
#[cfg(unix)]
fn process_cpu() -> Option<(Duration, Duration, u64)> {
    // SAFETY: getrusage writes a plain C struct we own; all-zero is a valid value of it.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } != 0 {
        return None;
    }
    let d = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
    };
    let peak_kib = if cfg!(target_os = "linux") {
        u.ru_maxrss.max(0) as u64
    } else {
        0
    };
    Some((d(u.ru_utime), d(u.ru_stime), peak_kib))
}

#[cfg(not(unix))]
fn process_cpu() -> Option<(Duration, Duration, u64)> {
    None
}

/// The stages of one run, in order.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    /// CPU time of the whole process (user, system) during each stage, when timings are
    /// on: on a shared machine the wall time says little, the CPU time much more.
    pub cpu: Vec<Option<(Duration, Duration)>>,
    /// The process's peak resident memory (KiB) at the end of each stage, when timings
    /// are on and the system reports it: which stage sets the build's peak.
    pub peak_kib: Vec<Option<u64>>,
    /// Glossary linking inside compose, summed over all threads (zero unless enabled).
    pub glossary: Duration,
    /// Stages that ran beside the ones above (wall time), e.g. the language editions.
    pub beside: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// Runs one stage and records how long it took.
    pub fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        if stage == "compose" {
            take_glossary();
        }
        *CURRENT.lock().unwrap_or_else(|e| e.into_inner()) = stage;
        let cpu_start = enabled().then(process_cpu).flatten();
        let start = Instant::now();
        let out = f();
        self.stages.push((stage, start.elapsed()));
        let end = cpu_start.and_then(|_| process_cpu());
        self.cpu.push(
            cpu_start
                .zip(end)
                .map(|((u0, s0, _), (u1, s1, _))| (u1.saturating_sub(u0), s1.saturating_sub(s0))),
        );
        self.peak_kib
            .push(end.map(|(_, _, peak)| peak).filter(|&peak| peak > 0));
        if stage == "compose" {
            self.glossary = take_glossary();
        }
        out
    }

    /// Records a stage that ran beside the others (the language editions): its wall
    /// time only, since the process's CPU time then belongs to both.
    pub fn beside(&mut self, stage: &'static str, took: Duration) {
        self.beside.push((stage, took));
    }

    /// The report printed to stderr: one stage per line, then the whole run.
    pub fn report(&self, total: Duration) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let mut out = String::from("timings:\n");
        for (i, (stage, d)) in self.stages.iter().enumerate() {
            let _ = write!(out, "  {stage:<12} {:>10.3} ms", ms(*d));
            if let Some(Some((user, sys))) = self.cpu.get(i) {
                let _ = write!(
                    out,
                    "  (cpu {:.0} ms user, {:.0} ms sys)",
                    ms(*user),
                    ms(*sys)
                );
            }
            if let Some(Some(peak)) = self.peak_kib.get(i) {
                let _ = write!(out, "  (peak {} MiB)", peak / 1024);
            }
            if *stage == "compose" && enabled() {
                let _ = write!(
                    out,
                    "  (glossary linking {:.3} ms, summed over threads)",
                    ms(self.glossary)
                );
            }
            out.push('\n');
        }
        for (stage, d) in &self.beside {
            let _ = writeln!(
                out,
                "  {stage:<12} {:>10.3} ms  (beside the stages above)",
                ms(*d)
            );
        }
        let _ = writeln!(out, "  {:<12} {:>10.3} ms", "total", ms(total));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_stages_in_order() {
        let mut t = Timings::default();
        let x = t.time("read", || 2);
        t.time("model", || ());
        assert_eq!(x, 2);
        let names: Vec<&str> = t.stages.iter().map(|(s, _)| *s).collect();
        assert_eq!(names, ["read", "model"]);
        let report = t.report(Duration::from_millis(5));
        assert!(report.starts_with("timings:\n  read "), "{report}");
        assert!(report.ends_with("total             5.000 ms\n"), "{report}");
    }
}
