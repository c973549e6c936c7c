/* Overstap search in the browser: the engine. No dependencies, no storage, nothing from other
   origins. It reads the static export of the Whoosh index (search/<lang>/, docs/dev/search.md)
   and answers exactly as search/query.py does with Whoosh: the same query syntax, words
   (folding, stop words, Dutch compounds, the stemmers of search-stem-<lang>.js), BM25F
   arithmetic, ranking (most words first), sections, snippets and suggestions. Every query
   needs at most two rounds of requests after meta.json: the term shards (all that compound
   splitting could look at, and the suggestion words), then the results (one file each: the
   document with the section its snippet comes from) and the shards of a suggestion. The
   sub-results (one file per other section that matched: its heading and text, for its
   excerpt) are a third round, asked for by sections() once the results are shown. Under node (`require`) it is what the tests and
   the benchmark run; in the page, search.js drives it. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) { module.exports = api; } else { root.OverstapSearch = api; }
}(this, function () {
  "use strict";
  var own = Object.prototype.hasOwnProperty;

  /* ---- Python string semantics, for the stemmer ports ----------------------------------- */
  function sl(s, a, b) { // s[a:b]
    var n = s.length;
    a = a === undefined || a === null ? 0 : (a < 0 ? Math.max(n + a, 0) : Math.min(a, n));
    b = b === undefined || b === null ? n : (b < 0 ? Math.max(n + b, 0) : Math.min(b, n));
    return a < b ? s.substring(a, b) : "";
  }
  function at(s, i) { // s[i], IndexError outside
    var j = i < 0 ? s.length + i : i;
    if (j < 0 || j >= s.length) { throw new RangeError("index"); }
    return s.charAt(j);
  }
  function has(s, sub) { return s.indexOf(sub) !== -1; }
  function ends(s, list) {
    for (var i = 0; i < list.length; i++) { if (s.slice(-list[i].length) === list[i] && list[i].length <= s.length) { return true; } }
    return false;
  }
  function endsWith(s, x) { return x.length <= s.length && s.slice(s.length - x.length) === x; }
  function put(s, i, c) { return s.substring(0, i) + c + s.substring(i + 1); }
  function r1r2(word, vowels) {
    var r1 = "", r2 = "", i;
    for (i = 1; i < word.length; i++) {
      if (!has(vowels, word[i]) && has(vowels, word[i - 1])) { r1 = sl(word, i + 1); break; }
    }
    for (i = 1; i < r1.length; i++) {
      if (!has(vowels, r1[i]) && has(vowels, r1[i - 1])) { r2 = sl(r1, i + 1); break; }
    }
    return [r1, r2];
  }

  function among(x, list) { return list.indexOf(x) !== -1; }

  var STEMMERS = {};
  function safeStemmer(lang) { // search/analysis.py: SafeStemmer
    var fn = STEMMERS[lang], cache = new Map();
    if (!fn) { throw new Error("no stemmer for " + lang); }
    return function (word) {
      var found = cache.get(word);
      if (found === undefined) {
        try { found = fn(word); } catch (e) { if (!(e instanceof RangeError)) { throw e; } found = word; }
        if (cache.size > 20000) { cache.clear(); }
        cache.set(word, found);
      }
      return found;
    };
  }

  /* ---- analysis (search/analysis.py) and the query syntax (search/query.py: parse) ------- */
  var SPELLED = {"\u00df": "ss", "\u00e6": "ae", "\u0153": "oe", "\u00f8": "o", "\u0111": "d", "\u00f0": "d",
    "\u00fe": "th", "\u0142": "l", "\u0131": "i", "\u0127": "h", "\u0167": "t"};
  var MARK = /\p{Mn}/u;
  var SPACE = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/;
  var ASCII = /^[\x00-\x7f]*$/;
  function fold(word) {
    // plain ASCII folds to its lowercase (no decomposition, no marks, nothing spelled out):
    // the common case, without the walk below (the page's first search runs uncompiled)
    if (ASCII.test(word)) { return word.toLowerCase(); }
    var text = word.toLowerCase().normalize("NFKD").toLowerCase(), out = "";
    for (var ch of text) {
      if (ch.codePointAt(0) > 0xFFFF || MARK.test(ch)) { continue; }
      out += own.call(SPELLED, ch) ? SPELLED[ch] : ch;
    }
    return out;
  }
  function wordRe() { return /[\p{L}\p{N}]+/gu; }
  function nfc(text) { return String(text).normalize("NFC"); }
  function cutQuery(text, max) { return Array.from(String(text)).slice(0, max).join(""); }
  // {words, typed, required, excluded}: see search/query.py parse
  function parse(text, meta, stops) {
    var ops = meta.ops, out = {words: [], typed: [], required: [], excluded: []}, negate = false, req = [];
    var pieces = nfc(text).split(new RegExp("[" + ops.quotes + "]"));
    pieces.forEach(function (piece, number) {
      var quoted = number % 2 === 1;
      piece.split(SPACE).forEach(function (chunk) {
        if (!chunk) { return; }
        if (!quoted && ops.not.indexOf(chunk) !== -1) { negate = true; return; }
        if (!quoted && ops.skip.indexOf(chunk) !== -1) { return; }
        var leaveOut = negate || (!quoted && chunk.charAt(0) === "-"), found = false, re = wordRe(), m;
        while ((m = re.exec(chunk)) !== null) {
          found = true;
          var w = fold(m[0]);
          if (w.length < meta.minw || w.length > meta.maxw || stops.has(w)) { continue; }
          if (leaveOut) {
            if (out.excluded.indexOf(w) === -1 && out.excluded.length < meta.maxwords) { out.excluded.push(w); }
            continue;
          }
          if (out.words.indexOf(w) === -1 && out.words.length < meta.maxwords) { out.words.push(w); out.typed.push(m[0]); }
          if (quoted && out.words.indexOf(w) !== -1 && req.indexOf(w) === -1) { req.push(w); }
        }
        if (found && !quoted) { negate = false; }
      });
      if (quoted) { negate = false; }
    });
    out.required = out.words.filter(function (w) { return req.indexOf(w) !== -1; });
    return out;
  }

  /* ---- the engine (search/query.py: Engine) --------------------------------------------- */
  function docPath(d, section) { return section ? "d/" + d + "/" + section + ".json" : "d/" + d + ".json"; }
  function sectionPath(d, section) { return "s/" + d + "/" + section + ".json"; }
  function Engine(loader) {
    this.loader = loader;           // path -> Promise of parsed JSON
    this.meta = null;
    this.files = new Map();         // path -> Promise, every file asked for once
    this.got = new Map();           // path -> parsed JSON, once loaded
    this.fetched = [];              // every path loaded, in order (for the tests and benchmark)
  }
  Engine.prototype.load = function (path) {
    var self = this, found = self.files.get(path);
    if (!found) {
      self.fetched.push(path);
      found = self.loader(path).then(function (data) { self.got.set(path, data); return data; }, function (e) {
        self.files.delete(path);
        throw e;
      });
      self.files.set(path, found);
    }
    return found;
  };
  Engine.prototype.loadAll = function (paths) {
    var self = this;
    return Promise.all(Array.from(paths).map(function (p) { return self.load(p); }));
  };
  Engine.prototype.ready = function () {
    var self = this;
    if (!self._ready) {
      self._ready = self.load("meta.json").then(function (meta) {
        self.meta = meta;
        self.stops = new Set(meta.stop);
        self.stem = safeStemmer(meta.lang);
        self.keyIndex = new Map(meta.keys.map(function (k, i) { return [k, i]; }));
        self.maxKey = meta.keys.reduce(function (m, k) { return Math.max(m, k.length); }, 0);
        self.wkeyIndex = new Map(meta.wkeys.map(function (k, i) { return [k, i]; }));
        return self;
      }, function (e) { self._ready = null; throw e; });
    }
    return self._ready;
  };
  Engine.prototype.parse = function (text) {
    return parse(cutQuery(text, this.meta.maxq), this.meta, this.stops);
  };
  Engine.prototype.words = function (text) { return this.parse(text).words; };
  Engine.prototype.shardOf = function (term) {
    for (var n = Math.min(term.length, this.maxKey); n >= 1; n--) {
      var i = this.keyIndex.get(term.slice(0, n));
      if (i !== undefined) { return i; }
    }
    return -1;
  };
  Engine.prototype.entry = function (term, missing) {
    var i = this.shardOf(term);
    if (i < 0) { return null; }
    var shard = this.got.get("t/" + i + ".json");
    if (!shard) { missing.add("t/" + i + ".json"); return null; }
    return own.call(shard, term) ? shard[term] : null;
  };
  // Every term shard a word can need: its stem's, and for a word that may be a compound, the
  // stems of all the pieces the splitter could try (heads, tails and their own pieces).
  Engine.prototype.shardsFor = function (word, out) {
    var self = this, split = self.meta.split, n = word.length;
    function add(piece) { var i = self.shardOf(self.stem(piece)); if (i >= 0) { out.add("t/" + i + ".json"); } }
    add(word);
    if (split && n >= 2 * split.min) {
      for (var i = 0; i <= n - split.min; i++) {
        if (i > 0 && i < split.min) { continue; }
        for (var j = i + split.min; j <= n; j++) { add(word.slice(i, j)); }
      }
    }
    return out;
  };
  Engine.prototype.spellPath = function (word) {
    var i = this.wkeyIndex.get(word.slice(0, this.meta.spellkey));
    return i === undefined ? null : "w/" + i + ".json";
  };
  Engine.prototype.splitter = function (missing) { // analysis.py: CompoundSplitter
    var self = this, split = self.meta.split, memo = new Map();
    if (!split) { return function () { return null; }; }
    function known(stem) { return self.entry(stem, missing) !== null; }
    function run(word) {
      if (memo.has(word)) { return memo.get(word); }
      var found = null, min = split.min;
      if (word.length >= 2 * min) {
        for (var cut = word.length - min; cut >= min && !found; cut--) {
          var head = word.slice(0, cut);
          if (!known(self.stem(head))) { continue; }
          var rest = word.slice(cut);
          for (var l = 0; l < split.links.length; l++) {
            var link = split.links[l];
            if (rest.slice(0, link.length) !== link || rest.length - link.length < min) { continue; }
            var tail = rest.slice(link.length);
            if (known(self.stem(tail))) { found = [head, tail]; break; }
            var deeper = run(tail);
            if (deeper) { found = [head].concat(deeper); break; }
          }
        }
      }
      memo.set(word, found);
      return found;
    }
    return run;
  };
  // What each word matches: {t: "term", s: stem} | {t: "or"|"and", c: [...]}. Built from the
  // shards at hand; whatever was missing is fetched and the trees built again (never needed
  // when `shardsFor` was fetched first).
  Engine.prototype.trees = function (words) {
    var self = this;
    function attempt() {
      var missing = new Set(), split = self.splitter(missing);
      function node(word) {
        var stem = self.stem(word), alts = [{t: "term", s: stem}], parts = split(word);
        self.entry(stem, missing);
        if (parts) { alts.push({t: "and", c: parts.map(node)}); }
        return {t: "or", c: alts};
      }
      var trees = words.map(node);
      if (missing.size === 0) { return Promise.resolve({trees: trees, split: split}); }
      return self.loadAll(missing).then(attempt);
    }
    return attempt();
  };
  Engine.prototype.idf = function (df) {
    var m = this.meta, fixed = m.idf[String(df)];
    if (fixed !== undefined) { return fixed; }
    return Math.floor((Math.log(m.n / (df + 1)) + 1) * m.iq + 0.5) / m.iq;
  };
  // Map docnum -> [score, sections], as Whoosh's matchers add (sections: bit n for section n
  // of the body where the node matches)
  Engine.prototype.scores = function (node) {
    var m = this.meta, out = new Map(), i, k;
    if (node.t === "term") {
      var entry = this.entry(node.s, new Set());
      if (!entry) { return out; }
      for (var f = 0; f < m.fields.length; f++) {
        var list = entry[f], step = m.fields[f] === "body" ? 3 : 2, idf = this.idf(list.length / step), doc = 0;
        var lens = m.len[f], avg = m.avgfl[f];
        for (i = 0; i < list.length; i += step) {
          doc += list[i];
          var tf = list[i + 1], fl = lens[doc];
          var raw = idf * ((tf * (m.K1 + 1)) / (tf + m.K1 * ((1 - m.B) + m.B * fl / avg)));
          var s = (Math.floor(raw * m.sq + 0.5) / m.sq) * m.boost[f], had = out.get(doc) || [0, 0];
          out.set(doc, [had[0] + s, had[1] | (step === 3 ? list[i + 2] : 0)]);
        }
      }
      return out;
    }
    var parts = node.c.map(this.scores, this);
    if (node.t === "or") {
      parts.forEach(function (p) {
        p.forEach(function (v, d) { var had = out.get(d) || [0, 0]; out.set(d, [had[0] + v[0], had[1] | v[1]]); });
      });
      return out;
    }
    parts[0].forEach(function (v, d) {
      var total = v[0], mask = v[1];
      for (k = 1; k < parts.length; k++) {
        var other = parts[k].get(d);
        if (!other) { return; }
        total += other[0]; mask &= other[1];
      }
      out.set(d, [total, mask]);
    });
    return out;
  };
  Engine.prototype.allowed = function (filters) { // Set of docnums, or null (no filter)
    var self = this, keys = Object.keys(filters);
    if (!keys.length) { return null; }
    var facets = self.got.get("f.json"), keep = null;
    self.meta.facets.forEach(function (key) {
      if (!filters[key]) { return; }
      var any = new Set(), values = own.call(facets, key) ? facets[key] : {};
      filters[key].forEach(function (value) {
        if (!own.call(values, value)) { return; }
        var doc = 0;
        values[value].forEach(function (g) { doc += g; any.add(doc); });
      });
      keep = keep === null ? any : new Set(Array.from(keep).filter(function (d) { return any.has(d); }));
    });
    return keep;
  };
  Engine.prototype.cleanFilters = function (filters) { // query.py: clean_filters
    var out = {};
    (this.meta.facets).forEach(function (key) {
      var values = (filters || {})[key] || [], kept = [];
      if (typeof values === "string") { values = [values]; }
      values.forEach(function (value) {
        String(value).split(",").forEach(function (part) {
          part = cutQuery(part.trim(), 60);
          if (part && kept.indexOf(part) === -1) { kept.push(part); }
        });
      });
      if (kept.length) { out[key] = kept.slice(0, 20); }
    });
    return out;
  };
  // The files a query needs before it can be ranked (one round): term shards, the words for
  // a suggestion, the facet lists.
  Engine.prototype.needs = function (parsed, filters) {
    var self = this, paths = new Set();
    parsed.words.concat(parsed.excluded).forEach(function (w) { self.shardsFor(w, paths); });
    parsed.words.forEach(function (w) { var p = self.spellPath(w); if (p) { paths.add(p); } });
    if (Object.keys(filters || {}).length) { paths.add("f.json"); }
    return paths;
  };
  // Fetch what a query being typed will need (the page calls it as people type): all of it
  // (`needs`), or, `light`, each word's own term shard and spelling shard only: cheap enough
  // for every key (a word's prefixes mostly share its shards), the pieces of compounds wait.
  Engine.prototype.prefetch = function (text, light) {
    var self = this;
    return self.ready().then(function () {
      var parsed = self.parse(text), paths = light ? new Set() : self.needs(parsed, {});
      if (light) {
        parsed.words.concat(parsed.excluded).forEach(function (w) {
          var i = self.shardOf(self.stem(w)), spell = self.spellPath(w);
          if (i >= 0) { paths.add("t/" + i + ".json"); }
          if (spell) { paths.add(spell); }
        });
      }
      return self.loadAll(paths);
    }).catch(function () { return null; });
  };
  // The ranking: {list: [[docnum, words, score, sections-by-word]], per: [Map per word],
  // unfiltered, trees, split}
  Engine.prototype.rank = function (parsed, filters) {
    var self = this;
    return self.loadAll(self.needs(parsed, filters)).then(function () {
      return self.trees(parsed.words.concat(parsed.excluded));
    }).then(function (got) {
      var n = parsed.words.length, per = got.trees.slice(0, n).map(self.scores, self), out = new Set();
      got.trees.slice(n).forEach(function (t) { self.scores(t).forEach(function (v, d) { out.add(d); }); });
      var keep = self.allowed(filters), required = parsed.required.map(function (w) { return per[parsed.words.indexOf(w)]; });
      function found(only) {
        var all = new Map();
        per.forEach(function (scores) {
          scores.forEach(function (v, d) {
            if (out.has(d) || (only && !only.has(d))) { return; }
            var had = all.get(d) || [0, 0];
            all.set(d, [had[0] + 1, had[1] + v[0]]);
          });
        });
        required.forEach(function (scores) { all.forEach(function (v, d) { if (!scores.has(d)) { all.delete(d); } }); });
        return all;
      }
      var chosen = found(keep), list = [];
      chosen.forEach(function (v, d) { list.push([d, v[0], v[1]]); });
      list.sort(function (a, b) { return (b[1] - a[1]) || (b[2] - a[2]) || (a[0] - b[0]); });
      return {list: list, per: per, out: out, unfiltered: keep ? found(null).size : chosen.size, trees: got.trees,
        split: got.split};
    });
  };
  // Documents with every one of the words (and none left out), under the filters.
  Engine.prototype.countAll = function (words, filters, out) {
    var self = this;
    return self.loadAll(self.needs({words: words, excluded: []}, filters)).then(function () {
      return self.trees(words);
    }).then(function (got) {
      var keep = self.allowed(filters), per = got.trees.map(self.scores, self), n = 0;
      per[0].forEach(function (v, d) {
        if ((keep && !keep.has(d)) || (out && out.has(d))) { return; }
        if (per.every(function (p) { return p.has(d); })) { n += 1; }
      });
      return n;
    });
  };
  // The same answer as search/query.py Engine.search: {query, words, filters, total, full,
  // required, excluded, hits, suggestion}; each hit {docnum, score, slug, url, type, title,
  // summary, date, missing, section, more, marks}, where `more` is the plan of its sub-results
  // (the indexes of up to meta.more other sections that matched, best first). Their headings
  // and excerpts (Whoosh's Hit.sections) are not loaded here, so that the results can be shown
  // as soon as their own files are there: ask `sections(hits)` for them afterwards.
  Engine.prototype.search = function (text, filters, limit, offset) {
    var self = this;
    return self.ready().then(function () {
      var m = self.meta;
      limit = Math.max(0, Math.min(limit === undefined ? 10 : limit, m.maxresults));
      offset = Math.max(0, Math.min(offset || 0, 10000));
      filters = self.cleanFilters(filters);
      var query = cutQuery(text || "", m.maxq), parsed = self.parse(query);
      var out = {query: query, words: parsed.words, filters: filters, total: 0, full: 0, required: parsed.required,
        excluded: parsed.excluded, hits: [], suggestion: null};
      if (!parsed.words.length) { return out; }
      return self.rank(parsed, filters).then(function (r) {
        var n = parsed.words.length;
        out.total = r.list.length;
        out.full = r.list.filter(function (e) { return e[1] === n; }).length;
        var marker = new Marker(self, parsed.words, r.split), page = r.list.slice(offset, offset + limit);
        var wanted = new Set();  // the results' own files only: sub-results come later (sections)
        var plans = page.map(function (e) {
          var d = e[0], counts = [], order = [], b;
          r.per.forEach(function (scores) {
            var mask = scores.has(d) ? scores.get(d)[1] : 0;
            for (b = 0; mask; b++, mask >>>= 1) { if (mask & 1) { counts[b] = (counts[b] || 0) + 1; } }
          });
          counts.forEach(function (c, i) { if (c) { order.push(i); } });
          order.sort(function (x, y) { return (counts[y] - counts[x]) || (x - y); });
          var best = order.length ? order[0] : 0, plain = own.call(m.plain, d) ? m.plain[d] : [0];
          var more = order.filter(function (i) { return i !== best && plain.indexOf(i) === -1; }).slice(0, m.more);
          wanted.add(docPath(d, best));
          return {entry: e, best: best, more: more};
        });
        var hits = self.loadAll(wanted).then(function () {
          return plans.map(function (p) {
            var d = p.entry[0], doc = self.got.get(docPath(d, p.best));
            var hit = {docnum: d, score: p.entry[2], slug: doc.k, url: doc.u, type: doc.y, title: doc.t,
              summary: doc.s, date: doc.d,
              missing: parsed.typed.filter(function (t, i) { return !r.per[i].has(d); }),
              section: {anchor: doc.a, heading: doc.e},
              more: p.more,
              marks: {title: marker.mark(doc.t), summary: marker.mark(doc.s),
                snippet: snippet(doc.x, marker, m.snippet)}};
            // what sections() needs to mark the excerpts; not part of the answer (not in JSON)
            Object.defineProperty(hit, "marker", {value: marker});
            return hit;
          });
        });
        return Promise.all([hits, self.suggest(parsed, filters, out.total, r)]).then(function (got) {
          out.hits = got[0];
          out.suggestion = got[1];
          return out;
        });
      });
    });
  };
  // The sub-results of hits returned by search() (query.py: Hit.sections): a promise of one
  // list per hit, [{anchor, heading, snippet}] in the order of hit.more. All the section files
  // are asked for at once (one round of requests); already loaded ones are not fetched again.
  Engine.prototype.sections = function (hits) {
    var self = this, wanted = new Set();
    hits.forEach(function (h) { h.more.forEach(function (i) { wanted.add(sectionPath(h.docnum, i)); }); });
    return self.loadAll(wanted).then(function () {
      return hits.map(function (h) {
        return h.more.map(function (i) {
          var s = self.got.get(sectionPath(h.docnum, i));
          return {anchor: s[0], heading: s[1], snippet: snippet(s[2], h.marker, self.meta.subsnippet)};
        });
      });
    });
  };
  // Other languages where some page has every word (query.py: elsewhere): `siblings` is
  // {lang: Engine}; [{lang, total}] in their order.
  Engine.prototype.elsewhere = function (siblings, text, filters) {
    var self = this;
    var langs = Object.keys(siblings).filter(function (l) { return siblings[l] && siblings[l] !== self; });
    return Promise.all(langs.map(function (lang) {
      return siblings[lang].search(text, filters, 0).then(function (r) { return r.full ? {lang: lang, total: r.full} : null; });
    })).then(function (list) { return list.filter(Boolean); });
  };

  /* ---- a suggestion (query.py: closest, suggest) ----------------------------------------- */
  function editDistance(a, b, limit) {
    var prev2 = [], prev = [], i, j;
    for (j = 0; j <= b.length; j++) { prev.push(j); }
    for (i = 1; i <= a.length; i++) {
      var cur = [i];
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) { v = Math.min(v, prev2[j - 2] + 1); }
        cur.push(v);
      }
      if (Math.min.apply(null, cur) > limit) { return limit + 1; }
      prev2 = prev; prev = cur;
    }
    return Math.min(prev[b.length], limit + 1);
  }
  Engine.prototype.spellShard = function (word) {
    var path = this.spellPath(word);
    return (path && this.got.get(path)) || {f: {}, d: {}};
  };
  Engine.prototype.closest = function (word) {
    if (word.length < 3) { return null; }
    var limit = word.length <= 4 ? 1 : 2, shard = this.spellShard(word), best = null;
    Object.keys(shard.f).forEach(function (c) {
      if (c.slice(0, 2) !== word.slice(0, 2) || c === word || Math.abs(c.length - word.length) > limit) { return; }
      var d = editDistance(word, c, limit);
      if (d > limit) { return; }
      var key = [d, -shard.f[c], c];
      if (!best || key[0] < best[0] || (key[0] === best[0] && (key[1] < best[1] || (key[1] === best[1] && key[2] < best[2])))) { best = key; }
    });
    return best ? best[2] : null;
  };
  Engine.prototype.shown = function (word) { // the written form of a word
    var shard = this.spellShard(word);
    return own.call(shard.d, word) ? shard.d[word] : word;
  };
  Engine.prototype.suggest = function (parsed, filters, total, r) {
    var self = this, words = parsed.words;
    if (total === 0 && Object.keys(filters).length && r.unfiltered) {
      return Promise.resolve({kind: "filters", q: words.map(self.shown, self).join(" "), total: r.unfiltered});
    }
    var unknown = words.filter(function (w, i) { return r.per[i].size === 0; });
    if (!unknown.length) { return Promise.resolve(null); }
    var fixed = [], replaced = false;
    words.forEach(function (w) {
      var near = unknown.indexOf(w) !== -1 ? self.closest(w) : w;
      replaced = replaced || (near !== null && near !== w);
      if (near && fixed.indexOf(near) === -1) { fixed.push(near); }
    });
    if (!replaced) { return Promise.resolve(null); }
    return self.countAll(fixed, filters, r.out).then(function (n) {
      if (!n) { return null; }
      var q = fixed.map(self.shown, self).concat(parsed.excluded.map(function (w) { return "-" + w; }));
      return {kind: "words", q: q.join(" "), total: n};
    });
  };

  /* ---- highlights and snippets (query.py: Marker, snippet) ------------------------------- */
  function Marker(engine, words, split) {
    var stems = new Set(), folded = [], todo = words.slice();
    while (todo.length) {
      var w = todo.shift();
      if (folded.indexOf(w) !== -1) { continue; }
      folded.push(w);
      stems.add(engine.stem(w));
      todo = todo.concat(split(w) || []);
    }
    this.engine = engine;
    this.stems = stems;
    this.seen = new Map();  // word -> hit(word): a text repeats its words
    this.parts = engine.meta.split ? folded.filter(function (p) { return p.length >= engine.meta.split.min; }) : [];
  }
  Marker.prototype.hit = function (word) {
    var found = this.seen.get(word);
    if (found === undefined) {
      var m = this.engine.meta, f = fold(word);
      found = !(f.length < m.minw || f.length > m.maxw || this.engine.stops.has(f)) &&
        (this.stems.has(this.engine.stem(f)) || this.parts.some(function (p) { return f.indexOf(p) !== -1; }));
      this.seen.set(word, found);
    }
    return found;
  };
  Marker.prototype.mark = function (text, start, end) {
    text = nfc(text);
    start = start || 0;
    end = end === undefined ? text.length : end;
    var out = [], re = wordRe(), at = start, match, part = text.slice(0, end);
    function add(piece, marked) {
      if (!piece) { return; }
      if (out.length && out[out.length - 1][1] === marked) { out[out.length - 1][0] += piece; } else { out.push([piece, marked]); }
    }
    re.lastIndex = start;
    while ((match = re.exec(part)) !== null) {
      if (this.hit(match[0])) {
        add(part.slice(at, match.index), false);
        add(match[0], true);
        at = match.index + match[0].length;
      }
    }
    add(part.slice(at, end), false);
    return out;
  };
  function snippet(body, marker, sizes) {
    var text = nfc(body), re = wordRe(), tokens = [], match, words = sizes[0], lead = sizes[1];
    while ((match = re.exec(text)) !== null) { tokens.push([match.index, match.index + match[0].length, match[0]]); }
    if (!tokens.length) { return []; }
    var hits = [], i;
    for (i = 0; i < tokens.length; i++) { if (marker.hit(tokens[i][2])) { hits.push(i); } }
    var first = 0;
    if (hits.length) {
      var best = -1;
      hits.forEach(function (h) {
        var start = Math.max(0, h - lead), inside = 0;
        hits.forEach(function (x) { if (x >= start && x < start + words) { inside += 1; } });
        if (inside > best) { best = inside; first = start; }
      });
    }
    var last = Math.min(tokens.length, first + words);
    var begin = first > 0 ? tokens[first][0] : 0;
    var end = last < tokens.length ? tokens[last - 1][1] : text.length;
    var pieces = marker.mark(text, begin, end);
    if (begin > 0) { pieces.unshift(["\u2026 ", false]); }
    if (end < text.length) { pieces.push([" \u2026", false]); }
    return pieces;
  }

  return {Engine: Engine, fold: fold, parse: parse, stemmers: STEMMERS, safeStemmer: safeStemmer, snippet: snippet,
    editDistance: editDistance, py: {sl: sl, at: at, has: has, ends: ends, endsWith: endsWith, put: put, r1r2: r1r2,
      among: among}};
}));
