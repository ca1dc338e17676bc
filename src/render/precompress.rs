//! `precompress = true` (issue 19): a `.gz` and a `.br` beside every HTML, CSS, JS, XML
//! and JSON file, so a server that serves precompressed files (nginx's `gzip_static`,
//! Caddy's `precompressed`) never compresses on the fly. Pure: bytes in, bytes out,
//! at the highest levels (a build compresses once; readers download many times).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::OutputFile;

/// The extensions of the files that get compressed copies.
const TEXT: &[&str] = &["html", "css", "js", "xml", "json"];

/// Whether `path` is a text file that gets compressed copies.
pub fn is_compressible(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEXT.contains(&e))
}

/// The gzip and brotli copies of `path` with contents `bytes`: `x.html.gz`,
/// `x.html.br`. None for a file that is not text.
pub fn compressed(path: &Path, bytes: &[u8]) -> Vec<OutputFile> {
    if !is_compressible(path) {
        return vec![];
    }
    let beside = |ext: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(ext);
        PathBuf::from(p)
    };
    vec![
        OutputFile {
            path: beside(".gz"),
            bytes: gzip(bytes).into(),
        },
        OutputFile {
            path: beside(".br"),
            bytes: brotli(bytes).into(),
        },
    ]
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    // No file name and no time in the header (flate2 writes neither by default): the
    // same input gives the same bytes.
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    // Reading a slice and writing a Vec cannot fail.
    let _ = brotli::BrotliCompress(&mut &bytes[..], &mut out, &params);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn copies_decompress_to_the_same_bytes() {
        let text = "<p>Hello, précis world</p>\n".repeat(50);
        let files = compressed(Path::new("a/index.html"), text.as_bytes());
        assert_eq!(files[0].path, Path::new("a/index.html.gz"));
        let mut back = String::new();
        flate2::read::GzDecoder::new(&files[0].bytes[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &files[1].bytes[..], &mut back).unwrap();
        assert_eq!(back, text.as_bytes());
        assert!(compressed(Path::new("img/x.png"), b"x").is_empty());
    }
}
