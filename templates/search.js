/* Dossier site search. dossier.js loads this file when a reader first focuses the search
   box; it loads the index the form names (search-index.HASH.js, a classic script, so search works from file:// too) and
   shows results as the reader types. Queries are tokenised with the rules and data the
   index carries, exactly as the index was (src/search/tokenize.rs). Keyboard: Down arrow
   moves from the box into the results, Up/Down move between them, Enter opens one (or the
   first, from the box), Esc clears the search. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-search]");
  if (!form || form.getAttribute("data-search") === "ready") return;
  form.setAttribute("data-search", "ready");
  var input = form.querySelector("input[type=search]");
  if (!input) return;
  var status = form.querySelector("[role=status]");
  var root = form.getAttribute("data-root") || "";
  var SHOWN = 20;
  var EXCERPT = 180;

  // What this script writes, in the page's language: the page carries the edition's
  // strings (JSON in <template id="d_ui">, from its Fluent strings) with each plural form; Intl
  // picks the form and writes the number in the edition's digits. English without it.
  var EN = {
    "search-loading": "Loading search…",
    "search-failed": "Search could not be loaded.",
    "search-none": "No results for “{query}”.",
    "search-results": { one: "{n} result.", other: "{n} results." },
    "search-partial": {
      one: "No page has every word; {n} result has some of them.",
      other: "No page has every word; {n} results have some of them."
    },
    "search-first": "Showing the first {n}."
  };
  var ui = {};
  try { ui = JSON.parse(document.getElementById("d_ui").content.textContent) || {}; } catch (e) { /* English */ }
  var lang = document.documentElement.lang || "en";

  function number(n) {
    try { return new Intl.NumberFormat(lang, { numberingSystem: ui.digits || "latn" }).format(n); } catch (e) { return String(n); }
  }

  // Appends message `key` to `el`, with `{n}` the number `n` and each other `{name}`
  // values[name] isolated in a <bdi> (a query in English inside an Arabic sentence).
  function say(el, key, n, values) {
    var m = (ui.m && ui.m[key]) || EN[key];
    if (typeof m !== "string") {
      var cat = "other";
      try { cat = new Intl.PluralRules(lang).select(n); } catch (e) { /* other */ }
      m = m[cat] || m.other;
    }
    m.split(/(\{\w+\})/).forEach(function (part) {
      var name = /^\{(\w+)\}$/.exec(part);
      if (name && name[1] === "n") {
        el.appendChild(document.createTextNode(number(n)));
      } else if (name && values && name[1] in values) {
        var b = document.createElement("bdi");
        b.textContent = values[name[1]];
        el.appendChild(b);
      } else if (part) {
        el.appendChild(document.createTextNode(part));
      }
    });
  }

  var panel = document.createElement("div");
  panel.className = "search-panel";
  panel.id = "d_search_results";
  panel.hidden = true;
  var count = document.createElement("p");
  count.className = "search-count";
  count.id = "d_search_count";
  var list = document.createElement("ol");
  list.className = "search-list";
  list.setAttribute("aria-labelledby", count.id);
  panel.appendChild(count);
  panel.appendChild(list);
  input.insertAdjacentElement("afterend", panel);
  input.setAttribute("aria-controls", panel.id);

  var index = null;
  var state = "loading";
  var script = document.createElement("script");
  script.src = form.getAttribute("data-index");
  script.onload = function () {
    var raw = window.dossierSearchIndex;
    if (raw && raw.v === 1) {
      index = prepare(raw);
      state = "ready";
    } else {
      state = "failed";
    }
    update();
  };
  script.onerror = function () {
    state = "failed";
    update();
  };
  document.head.appendChild(script);

  // ------------------------------------------------------------------------------------
  // The index

  function prepare(raw) {
    var lookup = new Map();
    raw.words.forEach(function (w, i) { lookup.set(w, i); });
    return {
      // A compact index numbers pages for its body postings (src/search/mod.rs).
      units: raw.units === undefined ? null : decode(raw.units),
      raw: raw,
      lookup: lookup,
      fold: raw.tok.fold,
      drop: raw.tok.drop,
      pairs: raw.tok.pairs,
      join: raw.tok.join,
      stop: new Set(raw.tok.stop),
      max: raw.tok.max,
      title: new Map(),
      body: new Map()
    };
  }

  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var VALUE = {};
  for (var a = 0; a < ALPHABET.length; a++) VALUE[ALPHABET[a]] = a;

  // A posting list (see `encode` in src/search/mod.rs): `!` + a bitmap, or varint gaps.
  function decode(s) {
    var out = [];
    var i, v;
    if (s.charAt(0) === "!") {
      for (i = 1; i < s.length; i++) {
        v = VALUE[s[i]];
        for (var b = 0; b < 6; b++) if (v & (1 << b)) out.push((i - 1) * 6 + b);
      }
      return out;
    }
    var prev = -1, gap = 0, mul = 1;
    for (i = 0; i < s.length; i++) {
      v = VALUE[s[i]];
      gap += (v & 31) * mul;
      if (v >= 32) {
        mul *= 32;
      } else {
        prev += gap;
        out.push(prev);
        gap = 0;
        mul = 1;
      }
    }
    return out;
  }

  function postings(field, w) {
    var cache = index[field];
    var got = cache.get(w);
    if (!got) {
      got = decode(index.raw[field][w]);
      var units = index.units;
      if (field === "body" && units) got = got.map(function (n) { return units[n]; });
      cache.set(w, got);
    }
    return got;
  }

  // A result: { place, fragment, title, text, sub } (see `doc_json` in src/search/mod.rs).
  function docAt(d) {
    var doc = index.raw.docs[d];
    var fragment = doc[1] === 0 ? slug(doc[2]) : doc[1] || "";
    return { place: index.raw.places[doc[0]], fragment: fragment, title: doc[2], text: doc[3] || "", sub: doc[4] || "" };
  }

  // The slug of an ASCII title, as src/slug.rs makes it.
  function slug(title) {
    return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  // ------------------------------------------------------------------------------------
  // Tokens, as src/search/tokenize.rs makes them

  var LETTER = /[\p{Alphabetic}\p{N}]/u;

  function inRanges(c, ranges) {
    var n = c.codePointAt(0);
    for (var i = 0; i < ranges.length; i++) if (n >= ranges[i][0] && n <= ranges[i][1]) return true;
    return false;
  }

  function isWord(c) {
    return LETTER.test(c) || index.join.indexOf(c) >= 0;
  }

  // Folds `text` character by character: the folded characters, each with the range of
  // `text` (UTF-16 offsets) it came from, for marking matches in excerpts.
  function foldText(text) {
    var chars = [];
    var pos = 0;
    for (var c of text) {
      var start = pos;
      pos += c.length;
      var lower = c.toLowerCase();
      for (var l of lower) {
        var f = index.fold[l];
        if (f === undefined) f = inRanges(l, index.drop) ? "" : l;
        for (var g of f) chars.push({ c: g, start: start, end: pos });
      }
    }
    return chars;
  }

  // Tokens of `text` with where each came from: [{ t, start, end }] (offsets in `text`).
  // Stop words are left out unless `keepStop` (then they carry `stop: true`).
  function tokenize(text, keepStop) {
    var out = [];
    var chars = foldText(text);
    var word = [];
    var flush = function () {
      var i = 0;
      while (i < word.length) {
        var pair = inRanges(word[i].c, index.pairs);
        var j = i;
        while (j < word.length && inRanges(word[j].c, index.pairs) === pair) j++;
        var part = word.slice(i, j);
        if (pair) {
          if (part.length === 1) out.push(token(part));
          for (var k = 1; k < part.length; k++) out.push(token(part.slice(k - 1, k + 1)));
        } else {
          part = proclitics(part);
          var t = token(part.slice(0, index.max));
          t.end = part[part.length - 1].end;
          t.stop = index.stop.has(part.map(function (x) { return x.c; }).join(""));
          if (keepStop || !t.stop) out.push(t);
        }
        i = j;
      }
      word = [];
    };
    for (var i = 0; i < chars.length; i++) {
      if (isWord(chars[i].c)) word.push(chars[i]);
      else flush();
    }
    flush();
    return out;
  }

  // An Arabic word without its proclitics (و/ف, then ب/ل/ك before ال, then ال; لل is
  // ل + ال), each only while two letters remain: strip_proclitics in tokenize/mod.rs.
  function proclitics(part) {
    var s = function (k) { return part.slice(k).map(function (x) { return x.c; }).join(""); };
    var first = part.length ? part[0].c : "";
    if (!(first >= "\u0620" && first <= "\u064A")) return part;
    var at = 0;
    var take = function (prefix) {
      var rest = s(at);
      if (rest.indexOf(prefix) === 0 && part.length - at - prefix.length >= 2) { at += prefix.length; return true; }
      return false;
    };
    if (!take("و")) take("ف");
    if (take("لل")) return part.slice(at);
    var rest = s(at);
    for (var p of ["ب", "ل", "ك"]) {
      if (rest.indexOf(p + "ال") === 0 && part.length - at - 1 >= 2) { at += 1; break; }
    }
    take("ال");
    return part.slice(at);
  }

  function token(part) {
    return {
      t: part.map(function (x) { return x.c; }).join(""),
      start: part[0].start,
      end: part[part.length - 1].end
    };
  }

  // ------------------------------------------------------------------------------------
  // Searching

  // The query's words, each with the index words it stands for: itself, or, for the last
  // word while it is still being typed, every word it begins.
  function queryWords(q) {
    var typing = !/\s$/.test(q);
    var tokens = tokenize(q, true);
    var seen = new Set();
    var out = [];
    tokens.forEach(function (tok, i) {
      var prefix = typing && i === tokens.length - 1;
      // A stop word is not in the index; while being typed it may begin a word that is
      // ("the" → "theory").
      if ((tok.stop && !prefix) || seen.has(tok.t)) return;
      seen.add(tok.t);
      var ids = [];
      if (prefix) {
        var words = index.raw.words;
        for (var w = 0; w < words.length; w++) if (words[w].startsWith(tok.t)) ids.push(w);
      } else if (index.lookup.has(tok.t)) {
        ids.push(index.lookup.get(tok.t));
      }
      out.push({ t: tok.t, prefix: prefix, words: ids });
    });
    return out;
  }

  function search(q) {
    var words = queryWords(q);
    if (!words.length) return null;
    var scores = new Map();
    words.forEach(function (qw, n) {
      var best = new Map();
      qw.words.forEach(function (w) {
        var exact = index.raw.words[w] === qw.t;
        var weight = exact ? 1 : 0.6;
        postings("title", w).forEach(function (d) {
          best.set(d, Math.max(best.get(d) || 0, 4 * weight));
        });
        postings("body", w).forEach(function (d) {
          best.set(d, Math.max(best.get(d) || 0, weight));
        });
      });
      best.forEach(function (s, d) {
        var e = scores.get(d);
        if (!e) scores.set(d, (e = { d: d, hits: 0, score: 0 }));
        e.hits++;
        e.score += s;
      });
    });
    var all = Array.from(scores.values());
    var complete = all.filter(function (e) { return e.hits === words.length; });
    var partial = !complete.length && all.length > 0;
    var results = partial ? all : complete;
    results.sort(function (x, y) { return y.hits - x.hits || y.score - x.score || x.d - y.d; });
    return { words: words, results: results, partial: partial };
  }

  // Which of the query's words a text token matches, or -1.
  function matches(tok, words) {
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      if (w.prefix ? tok.t.startsWith(w.t) : tok.t === w.t) return i;
    }
    return -1;
  }

  // The ranges of `text` to mark, merged; each knows the query words it matched.
  function marks(text, words) {
    var out = [];
    tokenize(text).forEach(function (tok) {
      var w = matches(tok, words);
      if (w < 0) return;
      var last = out[out.length - 1];
      if (last && tok.start <= last.end) {
        last.end = Math.max(last.end, tok.end);
        last.words.add(w);
      } else {
        out.push({ start: tok.start, end: tok.end, words: new Set([w]) });
      }
    });
    return out;
  }

  // Where an excerpt of `text` should start: at the mark from which the next EXCERPT
  // characters show the most different query words (the first such mark).
  function bestStart(m) {
    var best = 0, bestCount = 0;
    for (var i = 0; i < m.length; i++) {
      var seen = new Set();
      for (var j = i; j < m.length && m[j].start < m[i].start + EXCERPT * 0.75; j++) {
        m[j].words.forEach(function (w) { seen.add(w); });
      }
      if (seen.size > bestCount) {
        best = i;
        bestCount = seen.size;
      }
    }
    return m.length ? m[best].start : 0;
  }

  // Appends `text` to `el`, with the ranges `m` in <mark>.
  function appendMarked(el, text, m) {
    var at = 0;
    m.forEach(function (r) {
      if (r.start > at) el.appendChild(document.createTextNode(text.slice(at, r.start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r.start, r.end);
      el.appendChild(mark);
      at = r.end;
    });
    if (at < text.length) el.appendChild(document.createTextNode(text.slice(at)));
  }

  // A short excerpt around the first match (or the start), cut at spaces.
  function excerpt(el, text, words) {
    var m = marks(text, words);
    var start = bestStart(m);
    var from = 0;
    if (start > EXCERPT / 3) from = text.lastIndexOf(" ", start - EXCERPT / 4) + 1;
    var to = from + EXCERPT;
    if (to < text.length) {
      var space = text.lastIndexOf(" ", to);
      to = space > from ? space : to;
    } else {
      to = text.length;
    }
    if (from > 0) el.appendChild(document.createTextNode("…"));
    var inside = m
      .filter(function (r) { return r.end > from && r.start < to; })
      .map(function (r) { return { start: Math.max(r.start, from) - from, end: Math.min(r.end, to) - from }; });
    appendMarked(el, text.slice(from, to), inside);
    if (to < text.length) el.appendChild(document.createTextNode("…"));
  }

  // ------------------------------------------------------------------------------------
  // Showing results

  var announceTimer = null;
  function announce(text) {
    if (!status) return;
    clearTimeout(announceTimer);
    // Wait until typing pauses, so a screen reader speaks one count, not every one.
    announceTimer = setTimeout(function () { status.textContent = text; }, 600);
  }

  function update() {
    var q = input.value;
    list.textContent = "";
    if (!q.trim()) {
      panel.hidden = true;
      announce("");
      return;
    }
    panel.hidden = false;
    count.textContent = "";
    if (state === "loading") {
      say(count, "search-loading");
      return;
    }
    if (state === "failed") {
      say(count, "search-failed");
      announce(count.textContent);
      return;
    }
    var found = search(q);
    if (!found || !found.results.length) {
      say(count, "search-none", 0, { query: q.trim() });
      announce(count.textContent);
      return;
    }
    var n = found.results.length;
    say(count, found.partial ? "search-partial" : "search-results", n);
    if (n > SHOWN) {
      count.appendChild(document.createTextNode(" "));
      say(count, "search-first", SHOWN);
    }
    announce(count.textContent);
    found.results.slice(0, SHOWN).forEach(function (r, i) {
      var doc = docAt(r.d);
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + doc.place[2] + (doc.fragment ? "#" + doc.fragment : "");
      var where = document.createElement("span");
      where.className = "search-where";
      where.textContent = (doc.fragment ? doc.place[1] : doc.place[0]) + (doc.sub ? " › " + doc.sub : "");
      var title = document.createElement("span");
      title.className = "search-title";
      appendMarked(title, doc.title, marks(doc.title, found.words));
      link.appendChild(where);
      link.appendChild(document.createTextNode(" "));
      link.appendChild(title);
      li.appendChild(link);
      if (doc.text) {
        var p = document.createElement("p");
        p.className = "search-excerpt";
        p.id = "d_search_x" + (i + 1);
        excerpt(p, doc.text, found.words);
        link.setAttribute("aria-describedby", p.id);
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  function clear() {
    input.value = "";
    update();
    input.focus();
  }

  input.addEventListener("input", update);
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var first = links()[0];
    if (first) first.click();
  });
  form.addEventListener("keydown", function (ev) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (ev.key === "Escape") {
      if (input.value || !panel.hidden) {
        ev.preventDefault();
        ev.stopPropagation();
        clear();
      }
    } else if (ev.key === "ArrowDown" && all.length && !panel.hidden) {
      ev.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (ev.key === "ArrowUp" && at >= 0) {
      ev.preventDefault();
      if (at === 0) input.focus();
      else all[at - 1].focus();
    } else if ((ev.key === "Home" || ev.key === "End") && at >= 0) {
      ev.preventDefault();
      all[ev.key === "Home" ? 0 : all.length - 1].focus();
    }
  });
  // The panel closes when focus or a click goes elsewhere, and opens again on return.
  form.addEventListener("focusout", function (ev) {
    if (!form.contains(ev.relatedTarget)) panel.hidden = true;
  });
  input.addEventListener("focus", function () {
    if (input.value.trim()) update();
  });
  list.addEventListener("click", function () {
    // A result on this page only scrolls: close the panel.
    panel.hidden = true;
  });
  document.addEventListener("pointerdown", function (ev) {
    if (!form.contains(ev.target)) panel.hidden = true;
  });

  update();
})();
