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
  // A popover is built the first time its term needs it, and the listeners sit on the
  // document: a page with many terms (33 on the Arabic timeline) inserts nothing and
  // binds nothing per term while it loads.
  var TERM = "a.term[data-short]";
  var openPop = null;
  var closeTimer = null;
  var touchOpens = null;
  function termOf(node) {
    return node && node.closest ? node.closest(TERM) : null;
  }
  // The term's popover, or null before it is first needed.
  function popOf(link) {
    var next = link.nextElementSibling;
    return next && next.classList.contains("term-pop") ? next : null;
  }
  function popFor(link) {
    var pop = popOf(link);
    if (pop) return pop;
    pop = document.createElement("span");
    pop.className = "term-pop";
    // Numbered by the term's place on the page, not by the order the reader meets them,
    // so ids are the same on every visit.
    pop.id = "term-pop-" + (Array.prototype.indexOf.call(document.querySelectorAll(TERM), link) + 1);
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
    // Built at the latest on focus, before the screen reader reads the focused link.
    link.setAttribute("aria-describedby", text.id);
    return pop;
  }
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
    pop.style.marginTop = "";
    pop.previousElementSibling.setAttribute("aria-expanded", "true");
    openPop = pop;
    // Keep it on screen and in its text column: shift back when it would pass the
    // inline end (the right edge, or the left one in a right-to-left page). On a wide
    // screen the column ends before the sticky "On this page" list, whose links it
    // would otherwise cover.
    var r = pop.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var column = pop.closest(".prose");
    var c = column ? column.getBoundingClientRect() : { left: 0, right: width };
    var lo = Math.max(8, c.left);
    var hi = Math.min(width - 8, c.right);
    var rtl = getComputedStyle(pop).direction === "rtl";
    var over = rtl ? lo - r.left : r.right - hi;
    var room = rtl ? hi - r.right : r.left - lo;
    if (over > 0) pop.style.marginInlineStart = -Math.min(over, Math.max(0, room)) + "px";
    // Shifted back under its own term, it would hide the term from the pointer: it moves
    // down to just below the term's line.
    var t = pop.previousElementSibling.getBoundingClientRect();
    var p = pop.getBoundingClientRect();
    if (p.top < t.bottom && p.left < t.right && p.right > t.left) {
      pop.style.marginTop = parseFloat(getComputedStyle(pop).marginTop) + t.bottom + 4 - p.top + "px";
    }
  }
  function later(pop) {
    if (!pop) return;
    clearTimeout(closeTimer);
    closeTimer = setTimeout(function () { hide(pop); }, 300);
  }
  // Before its popover exists, a screen reader still hears that a term opens something
  // and what it means (aria-description, until the popover's text takes over through
  // aria-describedby). Attribute writes only, no style or layout: under half a
  // millisecond for the 33 terms of the Arabic timeline.
  document.querySelectorAll(TERM).forEach(function (link) {
    link.setAttribute("aria-expanded", "false");
    link.setAttribute("aria-description", link.getAttribute("data-short"));
  });
  // Hover: the term or its popover, entered or left from outside it (mouseover and
  // mouseout also fire between an element's children).
  function hovered(ev) {
    var el = ev.target.closest ? ev.target.closest(TERM + ", .term-pop") : null;
    return el && !el.contains(ev.relatedTarget) ? el : null;
  }
  document.addEventListener("mouseover", function (ev) {
    var el = hovered(ev);
    if (el && el.matches(TERM)) show(popFor(el));
    else if (el) clearTimeout(closeTimer);
  });
  document.addEventListener("mouseout", function (ev) {
    var el = hovered(ev);
    if (el) later(el.matches(TERM) ? popOf(el) : el);
  });
  document.addEventListener("focusin", function (ev) {
    var link = termOf(ev.target);
    if (link) show(popFor(link));
  });
  // Focus leaving the term for its popover's link, or back, keeps it open.
  document.addEventListener("focusout", function (ev) {
    var link = termOf(ev.target);
    var pop = link ? popOf(link) : ev.target.closest && ev.target.closest(".term-pop");
    if (!pop || pop.contains(ev.relatedTarget) || ev.relatedTarget === pop.previousElementSibling) return;
    later(pop);
  });
  // On touch, the first tap shows the definition; the popover's link goes to the entry.
  // Focus also opens it during the tap, so remember whether it was closed before.
  function touched(ev) {
    var link = termOf(ev.target);
    var pop = link && popOf(link);
    touchOpens = link && (!pop || pop.hidden) ? link : null;
  }
  document.addEventListener("touchstart", touched, { passive: true });
  document.addEventListener("pointerdown", function (ev) {
    if (ev.pointerType === "touch") touched(ev);
    if (openPop && !openPop.contains(ev.target) && ev.target !== openPop.previousElementSibling) hide(openPop);
  });
  document.addEventListener("click", function (ev) {
    var link = termOf(ev.target);
    if (link && link === touchOpens) {
      ev.preventDefault();
      show(popFor(link));
    }
    touchOpens = null;
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && openPop) {
      var link = openPop.previousElementSibling;
      hide(openPop);
      if (document.activeElement && openPop === null && link) link.focus({ preventScroll: true });
    }
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
