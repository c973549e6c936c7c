/* Overstap search: the search page. Drives the engine (search-engine.js, with the stemmer of
   the page's language) and shows its answer: results with the words they lack and the
   sections that matched, filters, "did you mean", the same search in another language. The
   query and filters live in the URL. Focus is never left on <body>: after a search it moves
   to the results heading (one Tab to the first result). meta.json is fetched as the page
   loads and the term shards as people type, so a search often needs one round of requests;
   the results are shown as soon as their own files are there, and their sub-results (the
   other sections that matched, with excerpts) are fetched after that and added to the cards. */
(function (root) {
  "use strict";
  var S = root.OverstapSearch, document = root.document;
  if (!S || !document || !root.fetch || !root.URLSearchParams || !root.history.pushState) { return; }
  var page = document.querySelector("[data-search]");
  if (!page) { return; }
  var form = page.querySelector("form"), input = form.querySelector("input[name=q]");
  var layout = page.querySelector("[data-layout]"), area = page.querySelector("[data-area]");
  var filterBox = page.querySelector("[data-filters]"), status = page.querySelector("[data-announce]");
  var heading = page.querySelector("[data-heading]"), list = page.querySelector("[data-results]");
  var note = page.querySelector("[data-note]"), sugBox = page.querySelector("[data-suggestion]");
  var elseBox = page.querySelector("[data-elsewhere]"), empty = page.querySelector("[data-empty]");
  var more = page.querySelector("[data-more]"), reset = page.querySelector("[data-reset]");
  var boxes = Array.prototype.slice.call(page.querySelectorAll("[data-filters] input[type=checkbox]"));
  var lang = page.getAttribute("data-lang");
  // the other languages: their search page, index and stemmer (its published, hashed name)
  var siblings = JSON.parse(page.getAttribute("data-siblings") || "[]");
  var wide = root.matchMedia("(min-width: 60rem)");
  var shown = 0, run = 0, timer = null, typing = null, engines = {};

  function engineFor(code, index) {
    if (!engines[code]) {
      var version = "";
      engines[code] = new S.Engine(function (path) {
        var url = index + path + (version && path !== "meta.json" ? "?v=" + version : "");
        return root.fetch(url, path === "meta.json" ? {cache: "no-cache"} : {}).then(function (r) {
          if (!r.ok) { throw new Error(url + ": " + r.status); }
          return r.json();
        }).then(function (data) {
          if (path === "meta.json") { version = data.v; }
          return data;
        });
      });
    }
    return engines[code];
  }
  var engine = engineFor(lang, page.getAttribute("data-index"));

  function text(name, values) {
    var s = page.getAttribute("data-t-" + name) || "";
    Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(values[k]); });
    return s;
  }
  function plural(name, n, values) { return text(name + (n === 1 ? "-one" : "-other"), Object.assign({n: n}, values)); }
  function short(q) { var a = Array.from(q); return a.length > 80 ? a.slice(0, 80).join("") + "\u2026" : q; }
  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content) { node.textContent = content; }
    return node;
  }
  function state() {
    var filters = {};
    boxes.forEach(function (b) { if (b.checked) { (filters[b.name] = filters[b.name] || []).push(b.value); } });
    return {q: input.value, filters: filters};
  }
  function address(path, s) {
    var params = new URLSearchParams();
    if (s.q) { params.set("q", s.q); }
    Object.keys(s.filters).forEach(function (k) { s.filters[k].forEach(function (v) { params.append(k, v); }); });
    return path + (params.toString() ? "?" + params.toString() : "");
  }
  function fromUrl() {
    var params = new URLSearchParams(root.location.search);
    input.value = params.get("q") || "";
    boxes.forEach(function (b) {
      b.checked = params.getAll(b.name).join(",").split(",").indexOf(b.value) !== -1;
      if (b.checked) { b.closest("details").open = true; }
    });
  }
  function toUrl(push) {
    var url = address(root.location.pathname, state());
    if (url !== root.location.pathname + root.location.search) {
      root.history[push ? "pushState" : "replaceState"](null, "", url);
    }
  }
  function pieces(node, marks) {
    marks.forEach(function (p) { node.appendChild(p[1] ? el("mark", "", p[0]) : document.createTextNode(p[0])); });
    return node;
  }
  function typeLabel(type) {
    var box = page.querySelector("[data-filters] input[name=type][value=\"" + type.replace(/[^a-z]/g, "") + "\"]");
    return box ? box.getAttribute("data-label") : type;
  }
  // A link to a section; it also asks the browser to highlight the words of the section's
  // snippet (the result's, or a sub-result's excerpt) on the page (a text fragment:
  // `#anchor:~:text=...`), starting with the first highlighted word as it stands there.
  function directive(s) { return encodeURIComponent(s).replace(/-/g, "%2D"); }
  function sectionHref(url, anchor, marks) {
    var words = [], first = null, before = "";
    (marks || []).forEach(function (p) {
      if (!p[1]) { if (first === null) { before = p[0]; } return; }
      if (first === null) { first = p[0]; }
      if (words.indexOf(p[0]) === -1 && words.length < 4) { words.push(p[0]); }
    });
    var hash = anchor ? "#" + encodeURIComponent(anchor) : "";
    if (!words.length) { return url + hash; }
    var lead = /(\S+\s+)?(\S+)\s+$/.exec(before), parts = [];
    words.forEach(function (w, i) {
      parts.push("text=" + (i === 0 && lead ? directive(lead[0].replace(/\s+$/, "")) + "-," : "") + directive(w));
    });
    return url + (hash || "#") + ":~:" + parts.join("&");
  }
  function item(hit) {
    var li = el("li", "card search-result card-" + hit.type), h = el("h3", "card-title"), a = el("a");
    li.appendChild(el("p", "card-type", typeLabel(hit.type)));
    a.href = hit.url; pieces(a, hit.marks.title); h.appendChild(a); li.appendChild(h);
    if (hit.summary) { li.appendChild(pieces(el("p", "card-summary"), hit.marks.summary)); }
    if (hit.missing.length) {
      var miss = el("p", "search-missing"), parts = text("missing", {}).split("{words}");
      miss.appendChild(document.createTextNode(parts[0]));
      hit.missing.forEach(function (w, i) {
        if (i) { miss.appendChild(document.createTextNode(", ")); }
        miss.appendChild(el("s", "", w));
      });
      miss.appendChild(document.createTextNode(parts.slice(1).join("{words}")));
      li.appendChild(miss);
    }
    if (hit.marks.snippet.length) { li.appendChild(pieces(el("p", "search-snippet"), hit.marks.snippet)); }
    if (hit.section.anchor) { sectionList(li, hit).appendChild(sectionEntry(hit, hit.section, hit.marks.snippet)); }
    return li;
  }
  // The list of a result's sections: the one its snippet comes from, then its sub-results.
  function sectionList(li, hit) {
    var ul = li.querySelector(".search-sections");
    if (!ul) {
      ul = el("ul", "search-sections");
      ul.setAttribute("aria-label", text("sections", {title: hit.title}));
      li.appendChild(ul);
    }
    return ul;
  }
  function sectionEntry(hit, s, marks) {
    var link = el("a", "", s.heading), entry = el("li");
    link.href = sectionHref(hit.url, s.anchor, marks);
    entry.appendChild(link);
    // a sub-result: the excerpt of its own section, the query's words marked
    if (s !== hit.section && marks.length) { entry.appendChild(pieces(el("p", "search-sub-snippet"), marks)); }
    return entry;
  }
  // The sub-results, fetched after the results are shown: added at the end of each card
  // (below everything the reader may have focused), silently (the count was announced; the
  // links are there for whoever reads on), to the cards still on the page.
  function fill(hits, items) {
    var wanted = hits.filter(function (h) { return h.more.length; });
    if (!wanted.length) { return; }
    engine.sections(wanted).then(function (found) {
      wanted.forEach(function (hit, i) {
        var li = items[hits.indexOf(hit)];
        if (!li.isConnected || !found[i].length) { return; }
        var ul = sectionList(li, hit);
        found[i].forEach(function (s) { ul.appendChild(sectionEntry(hit, s, s.snippet)); });
      });
    }).catch(function () { return null; });  // the results stand without them
  }
  function announce(message) {
    root.clearTimeout(timer);
    timer = root.setTimeout(function () { status.textContent = message; }, 250);
  }
  function suggestion(result) {
    sugBox.textContent = "";
    var sug = result.suggestion;
    sugBox.hidden = !sug;
    if (!sug) { return; }
    if (sug.kind === "filters") {
      sugBox.appendChild(document.createTextNode(plural("without", sug.total) + " "));
      var b = el("button", "button button-quiet", text("remove"));
      b.type = "button";
      b.addEventListener("click", clearFilters);
      sugBox.appendChild(b);
      return;
    }
    var parts = text("suggest", {}).split("{s}"), link = el("a", "", sug.q);
    link.href = address(root.location.pathname, {q: sug.q, filters: result.filters});
    link.addEventListener("click", function (e) { e.preventDefault(); input.value = sug.q; toUrl(true); search(false, true); });
    sugBox.appendChild(document.createTextNode(parts[0]));
    sugBox.appendChild(link);
    sugBox.appendChild(document.createTextNode(parts.slice(1).join("{s}")));
  }
  function render(result, append) {
    var q = short(result.query), n = result.total, first = list.children.length;
    if (!append) { list.textContent = ""; shown = 0; }
    var items = result.hits.map(item);
    items.forEach(function (li) { list.appendChild(li); });
    shown += result.hits.length;
    more.hidden = shown >= n;
    empty.hidden = n !== 0;
    heading.hidden = false;
    heading.textContent = !result.words.length ? text("no-words") : n ? plural("count", n, {q: q}) : text("none", {q: q});
    note.hidden = !n || result.full === n;
    note.textContent = result.full ? plural("some", result.full) : text("partial");
    suggestion(result);
    if (!append) { announce(heading.textContent); }
    page.setAttribute("aria-busy", "false");
    fill(result.hits, items);
    return first;
  }
  // The same search in the portal's other languages, when no page here has every word.
  function elsewhere(result, mine) {
    elseBox.hidden = true;
    elseBox.textContent = "";
    if (!result.words.length || result.full || !siblings.length) { return; }
    var others = {};
    Promise.all(siblings.map(function (s) {
      return loadStemmer(s.lang).then(function () { others[s.lang] = engineFor(s.lang, s.index); });
    })).then(function () {
      return engine.elsewhere(others, result.query, result.filters);
    }).then(function (found) {
      if (mine !== run || !found.length) { return; }
      elseBox.appendChild(document.createTextNode(text("elsewhere") + " "));
      found.forEach(function (f, i) {
        var s = siblings.filter(function (x) { return x.lang === f.lang; })[0], a = el("a");
        a.href = address(s.page, {q: result.query, filters: result.filters});
        a.hreflang = s.lang;
        a.textContent = plural("in", f.total, {language: s.name});
        if (i) { elseBox.appendChild(document.createTextNode(" \u00b7 ")); }
        elseBox.appendChild(a);
      });
      elseBox.hidden = false;
    }).catch(function () { return null; });
  }
  var stemmers = {};
  function loadStemmer(code) {
    if (S.stemmers[code]) { return Promise.resolve(); }
    if (!stemmers[code]) {
      stemmers[code] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = siblings.filter(function (s) { return s.lang === code; })[0].stemmer;
        tag.onload = resolve;
        tag.onerror = function () { delete stemmers[code]; reject(new Error(tag.src)); };
        document.head.appendChild(tag);
      });
    }
    return stemmers[code];
  }
  // focus: "heading" after a search the reader asked for, "more" after more results, or
  // nothing (a filter changed: focus stays on it)
  function search(append, focus) {
    var s = state(), mine = ++run;
    if (reset) { reset.hidden = !Object.keys(s.filters).length; }
    elseBox.hidden = true;
    if (!s.q.trim()) {
      list.textContent = ""; heading.hidden = true; note.hidden = true; sugBox.hidden = true; empty.hidden = true;
      more.hidden = true; status.textContent = "";
      if (focus) { input.focus(); }
      return Promise.resolve(null);
    }
    page.setAttribute("aria-busy", "true");
    return engine.search(s.q, s.filters, 10, append ? shown : 0).then(function (result) {
      if (mine !== run) { return result; }
      var first = render(result, append);
      if (focus === "more" && list.children[first]) {
        list.children[first].querySelector("a").focus();
      } else if (focus || !document.activeElement || document.activeElement === document.body) {
        heading.focus();  // asked for, or the element that had focus is gone
      }
      if (!append) { elsewhere(result, mine); }
      return result;
    }, function () {
      page.setAttribute("aria-busy", "false");
      heading.hidden = false; heading.textContent = text("error"); announce(text("error"));
      if (focus) { heading.focus(); }
    });
  }
  function clearFilters() {
    boxes.forEach(function (b) { b.checked = false; });
    toUrl(false);
    search(false, true);
  }
  // wide screens: the filters beside the results, before them; narrow screens: after them
  function place() {
    var before = wide.matches;
    if (before && filterBox.nextElementSibling !== area) { layout.insertBefore(filterBox, area); }
    if (!before && area.nextElementSibling !== filterBox) { layout.appendChild(filterBox); }
    filterBox.open = before || boxes.some(function (b) { return b.checked; });
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); toUrl(true); search(false, true); });
  // what the words need is fetched as they are typed: each word's own shards at every key,
  // all of it (compound pieces too) when a word is finished (a space) or after a pause of
  // 150 ms; Enter then usually needs only the results' files
  input.addEventListener("input", function () {
    root.clearTimeout(typing);
    engine.prefetch(input.value, true);
    typing = root.setTimeout(function () { engine.prefetch(input.value); }, /\s$/.test(input.value) ? 0 : 150);
  });
  boxes.forEach(function (b) { b.addEventListener("change", function () { toUrl(false); search(); }); });
  more.addEventListener("click", function () { search(true, "more"); });
  if (reset) { reset.addEventListener("click", clearFilters); }
  root.addEventListener("popstate", function () { fromUrl(); search(); });
  if (wide.addEventListener) { wide.addEventListener("change", place); }
  filterBox.hidden = false;
  fromUrl();
  place();
  page.classList.add("search-enhanced");
  engine.ready().catch(function () { return null; });
  search(false, Boolean(input.value.trim()));
}(this));
