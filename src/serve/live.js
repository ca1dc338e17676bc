// Live reload and the build-error overlay of `dossier serve`. The server injects this
// script into the HTML pages it serves; `dossier build` output never contains it.
//
// One event stream per browser, not per tab: a SharedWorker holds the EventSource and
// relays its events, since browsers allow only six HTTP/1.1 connections per host and a
// stream per tab would stall the seventh tab. Without SharedWorker, each tab connects.
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script ? script.getAttribute("data-version") : null;
  var EVENTS = "/__dossier/events";
  var WORKER = "/__dossier/live-worker.js";
  var TYPES = ["hello", "reload", "failed", "ok"];
  var overlay = null;
  var returnFocus = null;

  function handle(type, data) {
    if (type === "hello" || type === "reload") {
      if (data.version !== version) location.reload();
      // A hello starts a (re)connection: a `failed` follows if the build still fails.
      else if (type === "hello") hide();
    } else if (type === "failed") {
      show(data);
    } else if (type === "ok") {
      hide();
    }
  }

  function connectDirectly() {
    var source = new EventSource(EVENTS);
    TYPES.forEach(function (type) {
      source.addEventListener(type, function (e) {
        handle(type, JSON.parse(e.data));
      });
    });
  }

  function hide() {
    if (!overlay) return;
    overlay.remove();
    overlay = null;
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
    returnFocus = null;
  }

  // The overlay lives in a shadow root so the site's styles neither break it nor are
  // broken by it. It is an alert dialog: announced when it appears, labelled by its
  // heading, dismissed with its button or Escape, and focus returns where it was.
  function show(data) {
    var hadFocus = overlay ? returnFocus : document.activeElement;
    if (overlay) overlay.remove();
    var host = document.createElement("div");
    host.setAttribute("data-dossier-serve-overlay", "");
    var root = host.attachShadow({ mode: "open" });
    // A constructed stylesheet, not a <style> element: the pages' Content-Security-Policy
    // (issue 19) allows no inline style, and CSP does not govern constructed sheets.
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(
      ":host{all:initial}" +
      ".box{position:fixed;z-index:2147483647;inset:1rem 1rem auto 1rem;max-height:calc(100vh - 2rem);" +
      "overflow:auto;box-sizing:border-box;padding:1rem 1.25rem;background:#1b1b1f;color:#f2f2f2;" +
      "border:3px solid #ff6b6b;border-radius:8px;box-shadow:0 8px 32px rgba(0,0,0,.5);" +
      "font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif}" +
      "h2{margin:0 0 .25rem;font-size:1.15rem;color:#ffb3b3}" +
      "p{margin:0 0 .75rem}" +
      "pre{margin:0 0 1rem;padding:.75rem;overflow:auto;background:#0f0f12;color:#f2f2f2;" +
      "border-radius:4px;font:14px/1.45 ui-monospace,'SFMono-Regular',Menlo,Consolas,monospace;white-space:pre}" +
      "button{font:inherit;padding:.35rem 1rem;border-radius:4px;border:2px solid #f2f2f2;" +
      "background:#f2f2f2;color:#1b1b1f;cursor:pointer}" +
      "button:focus-visible{outline:3px solid #7ab7ff;outline-offset:2px}");
    root.adoptedStyleSheets = [sheet];
    var box = document.createElement("div");
    box.className = "box";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-modal", "false");
    box.setAttribute("aria-labelledby", "title");
    box.setAttribute("aria-describedby", "what diagnostics");
    var title = document.createElement("h2");
    title.id = "title";
    title.textContent = "Build failed: " + data.summary;
    var what = document.createElement("p");
    what.id = "what";
    what.textContent =
      "This page shows the last good build. Fix the file and save: this message goes away by itself.";
    var pre = document.createElement("pre");
    pre.id = "diagnostics";
    pre.tabIndex = 0;
    pre.textContent = data.diagnostics.join("\n");
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Dismiss";
    button.addEventListener("click", hide);
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape") hide();
    });
    box.append(title, what, pre, button);
    root.append(box);
    document.body.appendChild(host);
    overlay = host;
    returnFocus = hadFocus;
    button.focus();
  }

  if (window.SharedWorker) {
    try {
      var worker = new SharedWorker(WORKER, { name: "dossier-serve" });
      worker.port.onmessage = function (e) {
        handle(e.data.type, e.data.data);
      };
      worker.port.start();
      window.addEventListener("pagehide", function () {
        worker.port.postMessage("bye");
      });
      return;
    } catch (e) {
      // Fall through to a direct connection.
    }
  }
  connectDirectly();
})();
