//! The cache key of an original image, known without reading the original whole.
//!
//! Variants are cached under a hash of the original's bytes (see `output::images`), so
//! the same photo is never encoded twice, whatever its name or its file's dates. Reading
//! every photo whole to hash it would make each build read all of them (1.3 GB for 200
//! camera photos), so the hash is remembered under the file's identity: a *stamp* in
//! `.dossier-cache/images/originals/`, named by a hash of the original's path, size and
//! modification time (on Unix also its inode, device and change time), holds the hash
//! of its bytes. A build finds each stamp from `stat` alone; an original that was
//! written, replaced, touched or moved since has another stamp name, and is read and
//! hashed again (and re-encoded only if its bytes changed). Deleting the cache only
//! costs the work again.

use std::fs;
use std::path::Path;

use sha2::{Digest, Sha256};

/// Where the stamps live, inside the image cache folder.
const STAMPS: &str = "originals";

/// An original's content key (32 hex digits), and its bytes if they had to be read.
pub(super) struct Original {
    pub key: String,
    pub bytes: Option<Vec<u8>>,
}

/// The content key of the original at `source` (its path relative to `static/` is
/// `name`), from its stamp in `cache` when the file is the one the stamp was made for,
/// else by reading and hashing it (and leaving a stamp for the next build).
pub(super) fn identify(cache: &Path, source: &Path, name: &str) -> std::io::Result<Original> {
    let stamp = fs::metadata(source)
        .ok()
        .map(|meta| cache.join(STAMPS).join(stamp_name(name, &meta)));
    if let Some(key) = stamp.as_ref().and_then(|s| fs::read_to_string(s).ok()) {
        if key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(Original { key, bytes: None });
        }
    }
    let bytes = fs::read(source)?;
    let key = content_key(&bytes);
    if let Some(stamp) = stamp {
        super::images::store(&stamp, key.as_bytes());
    }
    Ok(Original {
        key,
        bytes: Some(bytes),
    })
}

/// The first 128 bits of the SHA-256 of `bytes`, in hex: stable across builds,
/// machines and compiler versions (a cache restored on another machine still hits).
pub(super) fn content_key(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes)[..16])
}

/// A hash of what identifies the file without reading it.
fn stamp_name(name: &str, meta: &fs::Metadata) -> String {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([0]);
    h.update(meta.len().to_le_bytes());
    let nanos = |t: std::io::Result<std::time::SystemTime>| {
        t.ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos())
    };
    h.update(nanos(meta.modified()).to_le_bytes());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        h.update(meta.ino().to_le_bytes());
        h.update(meta.dev().to_le_bytes());
        h.update(meta.ctime().to_le_bytes());
        h.update(meta.ctime_nsec().to_le_bytes());
    }
    hex(&h.finalize()[..16])
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_names_the_file_as_it_is_now() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, photo) = (dir.path().join("cache"), dir.path().join("p.jpg"));
        fs::write(&photo, b"first bytes").unwrap();
        let first = identify(&cache, &photo, "p.jpg").unwrap();
        assert_eq!(first.bytes.as_deref(), Some(&b"first bytes"[..]));
        assert_eq!(first.key, content_key(b"first bytes"));
        let again = identify(&cache, &photo, "p.jpg").unwrap();
        assert_eq!((again.key, again.bytes), (first.key.clone(), None));
        // Rewritten with bytes of the same length and its old modification time: the
        // change time (and so the stamp) still differs, and the new bytes are hashed.
        let mtime = fs::metadata(&photo).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(&photo, b"other bytes").unwrap();
        fs::File::options()
            .write(true)
            .open(&photo)
            .unwrap()
            .set_modified(mtime)
            .unwrap();
        let changed = identify(&cache, &photo, "p.jpg").unwrap();
        assert_eq!(changed.key, content_key(b"other bytes"));
        assert!(changed.bytes.is_some());
    }
}
