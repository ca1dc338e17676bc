/* Dossier: small enhancements. Everything works without this file. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "dossier-theme";

  // Theme toggle: remembers the reader's choice; the inline script in <head> applies it
  // before the first paint, so there is no flash of the wrong theme.
  var toggle = document.querySelector(".theme-toggle");
  function isDark() {
    var t = root.getAttribute("data-theme");
    if (t) return t === "dark";
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  function sync() {
    if (!toggle) return;
    toggle.setAttribute("aria-pressed", isDark() ? "true" : "false");
  }
  if (toggle) {
    toggle.hidden = false;
    sync();
    toggle.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(KEY, next); } catch (e) { /* private mode: not remembered */ }
      sync();
    });
  }

  // Timeline filter by group. Without JavaScript every event shows.
  var filter = document.querySelector("[data-filter]");
  if (filter) {
    filter.hidden = false;
    var buttons = filter.querySelectorAll("button[data-group]");
    var status = filter.querySelector(".filter-status");
    var events = document.querySelectorAll(".event");
    var years = document.querySelectorAll(".year");
    var apply = function (group, label) {
      var shown = 0;
      events.forEach(function (ev) {
        var show = !group || ev.getAttribute("data-group") === group;
        ev.hidden = !show;
        if (show) shown++;
      });
      years.forEach(function (y) {
        y.hidden = !y.querySelector(".event:not([hidden])");
      });
      buttons.forEach(function (b) {
        b.setAttribute("aria-pressed", b.getAttribute("data-group") === group ? "true" : "false");
      });
      if (status) status.textContent = group ? "Showing " + shown + " events: " + label : "";
    };
    buttons.forEach(function (b) {
      b.addEventListener("click", function () { apply(b.getAttribute("data-group"), b.textContent); });
    });
  }
})();
