/* Dossier: small enhancements. Everything works without this file. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "dossier-theme";

  // What this script writes, in the page's language: the page carries the edition's
  // strings (JSON in <template id="d_ui">); each plural form is there, Intl picks one.
  var EN = {
    "filter-status": { one: "Showing {n} event: {group}", other: "Showing {n} events: {group}" },
    "term-full-entry": "Full entry"
  };
  var ui = {};
  try { ui = JSON.parse(document.getElementById("d_ui").content.textContent) || {}; } catch (e) { /* English */ }
  function say(key, n, values) {
    var m = (ui.m && ui.m[key]) || EN[key];
    if (typeof m !== "string") {
      var cat = "other";
      try { cat = new Intl.PluralRules(root.lang || "en").select(n); } catch (e) { /* other */ }
      m = m[cat] || m.other;
    }
    return m.replace(/\{(\w+)\}/g, function (all, name) {
      if (name !== "n") return values && name in values ? values[name] : all;
      try { return new Intl.NumberFormat(root.lang || "en", { numberingSystem: ui.digits || "latn" }).format(n); } catch (e) { return String(n); }
    });
  }

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
      // A year the filter empties goes, from the list and from the bar of years; so does
      // a key event it hides.
      years.forEach(function (y) {
        y.hidden = !y.querySelector(".event:not([hidden])");
        var jump = document.querySelector('.jump [data-year="' + y.getAttribute("aria-labelledby") + '"]');
        if (jump) jump.hidden = y.hidden;
      });
      events.forEach(function (ev) {
        var key = document.querySelector('.key-events a[data-event="' + ev.id + '"]');
        if (key) key.parentNode.hidden = ev.hidden;
      });
      buttons.forEach(function (b) {
        b.setAttribute("aria-pressed", b.getAttribute("data-group") === group ? "true" : "false");
      });
      if (status) status.textContent = group ? say("filter-status", shown, { group: label }) : "";
    };
    buttons.forEach(function (b) {
      b.addEventListener("click", function () { apply(b.getAttribute("data-group"), b.textContent); });
    });
  }

  // Glossary popovers: hovering, focusing or tapping an auto-linked term shows its short
  // definition and a link to the full entry. The popover follows the term in the DOM, so
  // Tab reaches its link; Esc closes it; it stays open while hovered (WCAG 1.4.13); the
  // definition is the term link's accessible description. Without JavaScript the term is
  // a plain link to the glossary.
  var openPop = null;
  var closeTimer = null;
  function hide(pop) {
    if (!pop) return;
    pop.hidden = true;
    pop.previousElementSibling.setAttribute("aria-expanded", "false");
    if (openPop === pop) openPop = null;
  }
  function show(pop) {
    clearTimeout(closeTimer);
    if (openPop && openPop !== pop) hide(openPop);
    pop.hidden = false;
    pop.style.marginInlineStart = "";
    pop.previousElementSibling.setAttribute("aria-expanded", "true");
    openPop = pop;
    // Keep it on screen: shift back when it would pass the inline end (the right edge,
    // or the left one in a right-to-left page).
    var r = pop.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var rtl = getComputedStyle(pop).direction === "rtl";
    var over = rtl ? 8 - r.left : r.right - (width - 8);
    var room = rtl ? width - 8 - r.right : r.left - 8;
    if (over > 0) pop.style.marginInlineStart = -Math.min(over, Math.max(0, room)) + "px";
  }
  function later(pop) {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(function () { hide(pop); }, 300);
  }
  var terms = document.querySelectorAll("a.term[data-short]");
  terms.forEach(function (link, i) {
    var pop = document.createElement("span");
    pop.className = "term-pop";
    pop.id = "term-pop-" + (i + 1);
    pop.hidden = true;
    var text = document.createElement("span");
    text.className = "term-pop-short";
    text.id = pop.id + "-text";
    text.textContent = link.getAttribute("data-short");
    var more = document.createElement("a");
    more.href = link.getAttribute("href");
    more.className = "term-pop-more";
    more.textContent = say("term-full-entry");
    var vh = document.createElement("span");
    vh.className = "vh";
    vh.textContent = ": " + link.textContent;
    more.appendChild(vh);
    pop.appendChild(text);
    pop.appendChild(document.createTextNode(" "));
    pop.appendChild(more);
    link.insertAdjacentElement("afterend", pop);
    link.setAttribute("aria-describedby", text.id);
    link.setAttribute("aria-expanded", "false");
    link.addEventListener("mouseenter", function () { show(pop); });
    link.addEventListener("mouseleave", function () { later(pop); });
    link.addEventListener("focus", function () { show(pop); });
    link.addEventListener("blur", function (ev) {
      if (!pop.contains(ev.relatedTarget)) later(pop);
    });
    pop.addEventListener("mouseenter", function () { clearTimeout(closeTimer); });
    pop.addEventListener("mouseleave", function () { later(pop); });
    more.addEventListener("blur", function (ev) {
      if (ev.relatedTarget !== link) later(pop);
    });
    // On touch, the first tap shows the definition; the popover's link goes to the entry.
    // Focus also opens it during the tap, so remember whether it was closed before.
    var touchOpens = false;
    var touched = function () { touchOpens = pop.hidden; };
    link.addEventListener("touchstart", touched, { passive: true });
    link.addEventListener("pointerdown", function (ev) {
      if (ev.pointerType === "touch") touched();
    });
    link.addEventListener("click", function (ev) {
      if (touchOpens) {
        ev.preventDefault();
        show(pop);
      }
      touchOpens = false;
    });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && openPop) {
      var link = openPop.previousElementSibling;
      hide(openPop);
      if (document.activeElement && openPop === null && link) link.focus({ preventScroll: true });
    }
  });
  document.addEventListener("pointerdown", function (ev) {
    if (openPop && !openPop.contains(ev.target) && ev.target !== openPop.previousElementSibling) hide(openPop);
  });
  // Site search: the form is useless without JavaScript, so it is shown only here.
  // search.js (and the index it loads) come on first focus, so a reader who never
  // searches never downloads them.
  var searchForm = document.querySelector("form[data-search]");
  if (searchForm) {
    searchForm.hidden = false;
    var loadSearch = function () {
      searchForm.removeEventListener("focusin", loadSearch);
      var s = document.createElement("script");
      // The page names the script: its file name carries a hash of its content.
      s.src = searchForm.getAttribute("data-script");
      document.head.appendChild(s);
    };
    searchForm.addEventListener("focusin", loadSearch);
  }
})();
