//! The command line as people coming from Zola and Hugo type it (issue 16, point 9):
//! short options, `--root` before the command, colour on a terminal only, a language
//! tag checked with a did-you-mean.

mod common;

use common::{dossier, dossier_via, Site};

const ANSI: &str = "\u{1b}[";

#[test]
fn short_options_and_output_dir_work_like_the_long_ones() {
    let s = Site::minimal();
    let out = s.path("o");
    dossier()
        .arg("build")
        .args(["-r"])
        .arg(&s.root)
        .arg("-o")
        .arg(&out)
        .args(["-u", "https://example.org/x/"])
        .run()
        .assert_code(0);
    assert!(out.join("index.html").is_file() && out.join("atom.xml").is_file());
    let other = s.path("p");
    dossier()
        .arg("build")
        .arg("--root")
        .arg(&s.root)
        .arg("--output-dir")
        .arg(&other)
        .run()
        .assert_code(0);
    assert!(other.join("index.html").is_file());
}

#[test]
fn root_is_accepted_before_the_command() {
    let s = Site::minimal();
    let run = dossier().arg("-r").arg(&s.root).arg("check").run();
    run.assert_code(0);
    let run = dossier()
        .arg("--root")
        .arg(&s.root)
        .args(["init", "x"])
        .run();
    run.assert_code(2);
    assert!(
        run.stderr.contains("`init` takes its folder as DIR"),
        "{}",
        run.stderr
    );
}

/// A site with one error, to see how it is printed.
fn broken() -> Site {
    Site::explainer("See [@S9].\n")
}

#[test]
fn colour_only_on_a_terminal_and_as_asked() {
    let s = broken();
    let piped = s.check(&[]);
    assert!(!piped.stderr.contains(ANSI), "a pipe gets no colour");
    let always = s.check(&["--color", "always"]);
    assert!(
        always.stderr.contains(&format!("{ANSI}1;31merror:")),
        "{}",
        always.stderr
    );
    assert!(!s.check(&["--color", "never"]).stderr.contains(ANSI));
}

/// `dossier ARGS…` on a pseudo-terminal (util-linux `script`), with `NO_COLOR` set or
/// not: what a user sees in a terminal.
/// Whether util-linux `script` (a pseudo-terminal for the terminal tests) is here; says
/// so when it is not.
fn has_script() -> bool {
    let found = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok();
    if !found {
        eprintln!("note: skipped: util-linux `script` is not installed");
    }
    found
}

fn on_a_terminal(s: &Site, no_color: bool) -> String {
    let cmd = dossier_via("sh", &["-c", "exec script -qec \"$0 $*\" /dev/null"])
        .args(["check", "--root"])
        .arg(&s.root);
    let cmd = if no_color {
        cmd
    } else {
        cmd.env("NO_COLOR", "")
    };
    let run = cmd.run();
    format!("{}{}", run.stdout, run.stderr)
}

#[test]
fn a_terminal_gets_colour_unless_no_color_is_set() {
    if !has_script() {
        return;
    }
    let s = broken();
    let tty = on_a_terminal(&s, false);
    assert!(tty.contains(&format!("{ANSI}1;31merror:")), "{tty:?}");
    assert!(!on_a_terminal(&s, true).contains(ANSI));
}

#[test]
fn language_must_be_a_tag_and_names_get_a_did_you_mean() {
    let s = Site::minimal();
    s.write("dossier.toml", "title = \"T\"\nlanguage = \"english\"\n");
    let run = s.check(&[]);
    run.assert_code(2);
    let e = &run.errors()[0];
    assert_eq!(e.location.as_deref(), Some("dossier.toml:2:12"));
    assert!(e.message.contains("`english` is not a BCP 47 language tag"));
    assert!(
        run.stderr.contains("did you mean \"en\"?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_long_build_shows_a_progress_line_on_a_terminal_only() {
    if !has_script() {
        return;
    }
    let s = Site::minimal();
    // The second before the line appears, moved to zero: every build is "long".
    let build = |via_terminal: bool| {
        let cmd = if via_terminal {
            dossier_via("sh", &["-c", "exec script -qec \"$0 $*\" /dev/null"])
        } else {
            dossier()
        };
        let run = cmd
            .args(["build", "--root"])
            .arg(&s.root)
            .arg("--out")
            .arg(s.path("out"))
            .env("DOSSIER_PROGRESS_AFTER_MS", "0")
            .run();
        run.assert_code(0);
        format!("{}{}", run.stdout, run.stderr)
    };
    let tty = build(true);
    assert!(tty.contains("\r\u{1b}[Kbuilding… "), "{tty:?}");
    let erased = tty.rfind("\r\u{1b}[K").unwrap();
    assert!(
        erased > tty.rfind("building…").unwrap() && !tty[erased..].contains("building…"),
        "the line is erased before the result: {tty:?}"
    );
    // A pipe (a log, CI) never gets it: its text must not depend on the machine's speed.
    assert!(!build(false).contains("building…"));
}
