//! Freeing large values off the critical path.
//!
//! At the end of a build of 10,000 pages, freeing the model, the composed pages and the
//! search index's working data took ~60 ms of the main thread while the other core sat
//! idle (a fifth of the build's serial time). These values are done with; another
//! thread frees them, and the process may exit before it finishes (the system takes the
//! memory back either way).

/// Drops `value` on a new thread; drops it here if no thread can be started.
pub fn drop_elsewhere<T: Send + 'static>(value: T) {
    // `Builder::spawn` hands the closure back by dropping it when it fails: the value
    // is then freed on this thread, which is all that is lost.
    let _ = std::thread::Builder::new()
        .name("dossier-free".into())
        .spawn(move || drop(value));
}
