//! Parallel rendering never changes a byte: a build on one rayon thread and a build on
//! several write the same files with the same bytes. Pages are rendered and written from
//! worker threads, so any order-dependent state (ids, citation numbers, file lists)
//! would show up here.

mod common;

use std::path::Path;

use common::{assert_same_tree, dossier, repo, snapshot, Site};

/// `dossier build --root ROOT --out OUT` on `threads` rayon threads.
fn build_on(threads: usize, root: &Path, out: &Path) {
    let run = dossier()
        .env("RAYON_NUM_THREADS", threads.to_string())
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .run();
    assert_eq!(
        run.code, 0,
        "build on {threads} thread(s) failed:\n{}",
        run.stderr
    );
}

/// Builds `root` on 1 and on 4 threads and compares every file.
fn assert_thread_count_does_not_matter(s: &Site, root: &Path) {
    build_on(1, root, &s.path("one-thread"));
    build_on(4, root, &s.path("four-threads"));
    let one = snapshot(&s.path("one-thread"));
    let four = snapshot(&s.path("four-threads"));
    assert!(one.len() > 5, "{:?}", one.keys());
    assert_same_tree(&one, &four, "builds on 1 and 4 threads");
}

#[test]
fn the_flagship_is_byte_identical_on_one_thread_and_on_four() {
    let s = Site::fixture("valid");
    assert_thread_count_does_not_matter(&s, &repo());
}

#[test]
fn a_site_of_many_pages_is_byte_identical_on_one_thread_and_on_four() {
    let s = Site::empty();
    let page_count = 150;
    let write = |rel: &str, text: String| s.write(rel, text);
    write("dossier.toml", "title = \"Many pages\"\n".into());
    write(
        "content/index.md",
        "+++\ntitle = \"Many pages\"\nsummary = \"Parallel rendering.\"\npublished = 2024-01-01\n+++\n\n\
         See [the first page](@/background/page-0.md) and [another](@/background/page-7.md#details).\n"
            .into(),
    );
    write(
        "content/sources.toml",
        "[[source]]\nid = \"S1\"\ntitle = \"A source\"\nurl = \"https://example.org/s1\"\n\n\
         [[source]]\nid = \"S2\"\ntitle = \"Another\"\nurl = \"https://example.org/s2\"\n"
            .into(),
    );
    for i in 0..page_count {
        let next = (i * 7 + 3) % page_count;
        let code = if i % 10 == 0 {
            "```rust\nfn main() {\n    println!(\"page\");\n}\n```\n"
        } else {
            ""
        };
        write(
            &format!("content/background/page-{i}.md"),
            format!(
                "+++\ntitle = \"Page {i}\"\nsummary = \"Page number {i}.\"\nweight = {w}\nsources = [\"S2\"]\n+++\n\n\
                 ## Details\n\nA claim [@S1] and a link to [page {next}](@/background/page-{next}.md).[^n]\n\n\
                 ## Details\n\nSame heading twice, so ids get suffixes.\n\n{code}\n[^n]: A footnote on page {i}.\n",
                w = page_count - i,
            ),
        );
    }
    assert_thread_count_does_not_matter(&s, &s.root);
}
