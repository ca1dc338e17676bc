//! Keeping slow clients from taking every connection (issue 21, point 5): 256
//! connections trickling a byte a second made every other request get 503.
//!
//! - A request head must arrive whole within [`HEAD_TIMEOUT`] of when the server starts
//!   reading it ([`DeadlineReader`] shortens the socket's read timeout as time passes),
//!   however the bytes trickle in.
//! - While a connection reads its head it is listed in [`Waiting`]. When every slot is
//!   taken, the connection that has waited longest for its head is closed to make room:
//!   a browser sends its request at once, so a new tab always gets its page.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long a request head may take to arrive, from when the server starts reading it.
pub(super) const HEAD_TIMEOUT: Duration = Duration::from_secs(5);

/// A socket that fails a read once its deadline has passed.
pub(super) struct DeadlineReader {
    stream: TcpStream,
    deadline: Instant,
}

impl DeadlineReader {
    pub(super) fn new(stream: TcpStream) -> DeadlineReader {
        DeadlineReader {
            stream,
            deadline: Instant::now() + HEAD_TIMEOUT,
        }
    }

    /// Starts the clock for the next request head.
    pub(super) fn start_head(&mut self) {
        self.deadline = Instant::now() + HEAD_TIMEOUT;
    }
}

impl Read for DeadlineReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buf)
    }
}

/// The connections reading a request head: since when, and a handle to close them.
#[derive(Default)]
pub(super) struct Waiting {
    next: AtomicU64,
    list: Mutex<BTreeMap<u64, (Instant, TcpStream)>>,
}

impl Waiting {
    /// Lists `stream` as reading its head; the id to [`done`](Self::done) it with.
    pub(super) fn begin(&self, stream: &TcpStream) -> Option<u64> {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let handle = stream.try_clone().ok()?;
        self.lock().insert(id, (Instant::now(), handle));
        Some(id)
    }

    pub(super) fn done(&self, id: Option<u64>) {
        if let Some(id) = id {
            self.lock().remove(&id);
        }
    }

    /// Closes the connection that has waited longest for its head, if it has waited
    /// longer than a browser ever does; true if one was closed.
    pub(super) fn evict_slowest(&self) -> bool {
        let mut list = self.lock();
        let oldest = list
            .iter()
            .min_by_key(|(_, (since, _))| *since)
            .map(|(&id, (since, _))| (id, *since));
        match oldest {
            Some((id, since)) if since.elapsed() > Duration::from_millis(500) => {
                if let Some((_, stream)) = list.remove(&id) {
                    let _ = stream.shutdown(Shutdown::Both);
                }
                true
            }
            _ => false,
        }
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<u64, (Instant, TcpStream)>> {
        self.list.lock().unwrap_or_else(|e| e.into_inner())
    }
}
