//! The output on a real web server (issue 19): nginx from Debian (`.ci/run` installs
//! it), started by the test on 127.0.0.1 under a sub-path, configured from the files
//! the build wrote (`_headers` and `_redirects`, as Cloudflare Pages reads them), with
//! precompressed copies served by `gzip_static` and `brotli_static`. Then headless
//! Chromium crawls it (`tests/browser/crawl.cjs`): no broken link, no CSP violation,
//! no console error; and plain HTTP requests check what the crawl cannot see: every
//! alias answers 301 to its page, hashed assets carry the year-long cache header,
//! pages revalidate and carry the policy, and a reader asking for brotli gets the
//! precompressed bytes.
//!
//! Without DOSSIER_BROWSER_TESTS=1, a machine lacking nginx, node or Chromium skips
//! this test with a note, as the browser tests do.

mod common;

use std::fs;

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::http::get;
use common::{asset, repo, snapshot, Site, Tree};

const NGINX: &str = "/usr/sbin/nginx";
const BROTLI_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";
/// The site is served under this path, as on a shared host.
const PREFIX: &str = "/explainer/";

/// One `_headers` rule: a path (exact, or ending in `*`), the headers it removes
/// (`! Name`) and the ones it sets.
struct HeaderRule {
    path: String,
    detach: Vec<String>,
    set: Vec<(String, String)>,
}

fn parse_headers(text: &str) -> Vec<HeaderRule> {
    let mut rules: Vec<HeaderRule> = vec![];
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if !line.starts_with(' ') {
            rules.push(HeaderRule {
                path: line.trim().to_string(),
                detach: vec![],
                set: vec![],
            });
            continue;
        }
        let rule = rules.last_mut().expect("a header belongs to a path");
        let line = line.trim();
        if let Some(name) = line.strip_prefix('!') {
            rule.detach.push(name.trim().to_string());
        } else {
            let (name, value) = line.split_once(':').expect("Name: value");
            rule.set
                .push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    rules
}

/// nginx's configuration from `_headers` and `_redirects`, as Cloudflare applies them:
/// every matching rule adds its headers, `!` drops an inherited one. nginx's own rule
/// is that a location's `add_header` replaces the inherited ones, so each exact
/// location gets the site-wide headers it keeps and its own.
fn nginx_conf(tmp: &Path, www: &Path, port: u16, headers: &str, redirects: &str) -> String {
    let rules = parse_headers(headers);
    let header_lines = |set: &[(String, String)]| -> String {
        set.iter()
            .map(|(n, v)| format!("      add_header {n} \"{v}\" always;\n"))
            .collect()
    };
    let wide = rules
        .iter()
        .find(|r| r.path.ends_with('*'))
        .expect("a site-wide rule");
    let mut locations = format!(
        "    location {} {{\n{}    }}\n",
        wide.path.trim_end_matches('*'),
        header_lines(&wide.set)
    );
    for r in rules.iter().filter(|r| !r.path.ends_with('*')) {
        let mut set: Vec<(String, String)> = wide
            .set
            .iter()
            .filter(|(n, _)| !r.detach.contains(n))
            .cloned()
            .collect();
        set.extend(r.set.iter().cloned());
        locations.push_str(&format!(
            "    location = {} {{\n{}    }}\n",
            r.path,
            header_lines(&set)
        ));
    }
    for line in redirects.lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [from, to, status] = parts[..] else {
            panic!("bad rule {line}")
        };
        let status = status.trim_end_matches('!');
        locations.push_str(&format!(
            "    location = {from} {{ return {status} {to}; }}\n"
        ));
    }
    let t = tmp.display();
    format!(
        "daemon off;\nmaster_process off;\nuser root;\npid {t}/nginx.pid;\nerror_log {t}/error.log;\n\
         load_module {BROTLI_MODULE};\nevents {{ worker_connections 64; }}\nhttp {{\n\
         include /etc/nginx/mime.types;\ndefault_type application/octet-stream;\n\
         access_log {t}/access.log;\nclient_body_temp_path {t}/body;\nproxy_temp_path {t}/proxy;\n\
         fastcgi_temp_path {t}/fastcgi;\nuwsgi_temp_path {t}/uwsgi;\nscgi_temp_path {t}/scgi;\n\
         gzip_static on;\nbrotli_static on;\n\
         server {{\n    listen 127.0.0.1:{port};\n    root {};\n    error_page 404 {PREFIX}404.html;\n{locations}  }}\n}}\n",
        www.display()
    )
}

/// A port free on 127.0.0.1 a moment ago.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// nginx, stopped (killed) when dropped.
struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_nginx(tmp: &Path, conf: &str, port: u16) -> Nginx {
    let conf_path = tmp.join("nginx.conf");
    fs::write(&conf_path, conf).unwrap();
    let child = Command::new(NGINX)
        .arg("-c")
        .arg(&conf_path)
        .arg("-p")
        .arg(tmp)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start nginx");
    let nginx = Nginx(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "nginx did not start:\n{}",
            fs::read_to_string(tmp.join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    nginx
}

/// Whether the tools are here; without them the test is skipped, unless required.
fn tools_present() -> bool {
    let present = Path::new(NGINX).exists() && Path::new(BROTLI_MODULE).exists();
    if !present {
        assert!(
            std::env::var_os("DOSSIER_BROWSER_TESTS").is_none(),
            "nginx and its brotli_static module are required (.ci/run installs them)"
        );
        eprintln!("skipping the nginx test: no nginx (run .ci/run --install-only)");
    }
    present
}

/// The fixture with aliases, published for Cloudflare with precompressed copies.
fn built_site(port: u16) -> (Site, Tree) {
    let s = Site::fixture("valid");
    s.append(
        "dossier.toml",
        "\n[publish]\nhost = \"cloudflare\"\nprecompress = true\n",
    );
    let who = s.file("content/background/who-is-who.md");
    let text = fs::read_to_string(&who).unwrap().replacen(
        "+++\n",
        "+++\naliases = [\"people/\", \"/background/who.html\"]\n",
        1,
    );
    s.write("content/background/who-is-who.md", text);
    let base = format!("http://127.0.0.1:{port}{PREFIX}");
    s.build("www/explainer", &["--base-url", &base])
        .assert_code(0);
    let tree = snapshot(&s.path("www/explainer"));
    (s, tree)
}

#[test]
fn nginx_serves_the_output_as_the_generated_files_say() {
    if !tools_present() {
        return;
    }
    let port = free_port();
    let (s, tree) = built_site(port);
    let conf = nginx_conf(
        s.tmp(),
        &s.path("www"),
        port,
        &String::from_utf8_lossy(&tree["_headers"]),
        &String::from_utf8_lossy(&tree["_redirects"]),
    );
    let _nginx = start_nginx(s.tmp(), &conf, port);

    for (alias, page) in [
        ("people/", "background/who-is-who/"),
        ("background/who.html", "background/who-is-who/"),
    ] {
        let r = get(port, &format!("{PREFIX}{alias}"), "");
        assert_eq!(r.status, 301, "{alias}");
        assert_eq!(
            r.header("location")
                .map(|l| l.ends_with(&format!("{PREFIX}{page}"))),
            Some(true),
            "{alias}: {:?}",
            r.headers
        );
    }
    let css = asset(&tree, "style.css");
    for plain in ["style.css", "dossier.js", "search.js", "search-index.js"] {
        let r = get(port, &format!("{PREFIX}{}", asset(&tree, plain)), "");
        assert_eq!(r.status, 200);
        assert_eq!(
            r.header("cache-control").unwrap(),
            "public, max-age=31536000, immutable",
            "{plain}"
        );
    }
    let home = get(port, PREFIX, "");
    assert_eq!(
        home.header("cache-control").unwrap(),
        "public, max-age=0, must-revalidate"
    );
    assert!(home
        .header("content-security-policy")
        .unwrap()
        .starts_with("default-src 'self'"));
    assert_eq!(home.header("x-content-type-options").unwrap(), "nosniff");
    let br = get(port, &format!("{PREFIX}{css}"), "Accept-Encoding: br\r\n");
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(
        br.body,
        tree[&format!("{css}.br")],
        "the precompressed copy is served"
    );
    let missing = get(port, &format!("{PREFIX}no/such/page/"), "");
    assert_eq!(missing.status, 404);
    assert!(String::from_utf8_lossy(&missing.body).contains("Page not found"));

    crawl(&format!("http://127.0.0.1:{port}{PREFIX}index.html"));
}

/// Crawls the site in Chromium; panics with the report unless it is clean.
fn crawl(start: &str) {
    let required = std::env::var_os("DOSSIER_BROWSER_TESTS").is_some();
    let out = Command::new("node")
        .arg(repo().join("tests/browser/crawl.cjs"))
        .arg(start)
        .output();
    let out = match out {
        Ok(o) => o,
        Err(e) if !required => return eprintln!("skipping the crawl: cannot run node ({e})"),
        Err(e) => panic!("cannot run node: {e}"),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    match out.status.code() {
        Some(0) => {
            let report: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
            assert!(report["pages"].as_u64().unwrap() >= 6, "{stdout}");
            eprintln!("crawl: {stdout}");
        }
        Some(2) if !required => eprintln!("skipping the crawl: {stdout}"),
        _ => panic!(
            "the crawl found problems:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}
