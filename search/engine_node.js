/* Runs the browser engine (theme/static/js/search-engine.js and the stemmers) under node, for
   the tests and the benchmark. Reads one JSON request per line on stdin, answers one JSON line
   each:
     {"op": "search", "dir": "<output>/search/nl/", "q": "...", "filters": {}, "limit": 10,
      "offset": 0, "fresh": false, "repeat": 1, "siblings": ["nl", "fr", "en"]}
       -> the engine's answer with its sub-results filled in (search(), then sections(hits):
          each hit's "sections", as Whoosh answers them), plus "fetched" (paths read until the
          results could be shown, for a fresh engine), "fetched_fill" (paths read for the
          sub-results after that), "times" (of `repeat` runs of both steps, files already in
          memory) and, with "siblings", "elsewhere" (the folders of these languages beside
          "dir", in this order)
     {"op": "stem", "lang": "nl", "words": [...]}  -> {"stems": [...]}
     {"op": "fold", "words": [...]}                 -> {"folded": [...]}
     {"op": "parse", "dir": ..., "q": "..."}        -> {"parsed": {...}}
     {"op": "rounds", "dir": ..., "q": "...", "filters": {}}
       -> {"rounds": [[paths of round 1], ...], "fill": [[paths], ...]}: a fresh engine whose
          requests are answered together, a round at a time, as a network answers what is asked
          at once; "rounds" until search() answered (the results can be shown), "fill" those of
          sections() after it (the sub-results) */
"use strict";
const fs = require("fs");
const path = require("path");
const readline = require("readline");
// the scripts as published (minified: search/node.py writes them there), or the sources
const JS = process.env.OVERSTAP_SEARCH_JS || path.join(__dirname, "..", "theme", "static", "js");
const api = require(path.join(JS, "search-engine.js"));
for (const lang of ["nl", "fr", "en"]) { require(path.join(JS, `search-stem-${lang}.js`)); }

const engines = new Map();
const cache = new Map();

function loaderFor(dir) {
  return function (rel) {
    const file = path.join(dir, rel);
    if (!cache.has(file)) {
      cache.set(file, fs.readFileSync(file, "utf8"));
    }
    return Promise.resolve(JSON.parse(cache.get(file)));
  };
}

function engineFor(dir, fresh) {
  if (fresh || !engines.has(dir)) {
    const engine = new api.Engine(loaderFor(dir));
    if (fresh) { return engine; }
    engines.set(dir, engine);
  }
  return engines.get(dir);
}

function siblingsOf(dir, langs) {
  const parent = path.dirname(path.resolve(dir));
  const out = {};
  for (const lang of langs) {
    const folder = path.join(parent, lang) + "/";
    if (fs.existsSync(path.join(folder, "meta.json"))) { out[lang] = engineFor(folder, false); }
  }
  return out;
}

async function rounds(dir, q, filters) {
  const load = loaderFor(dir);
  let waiting = [];
  const engine = new api.Engine(function (rel) {
    return new Promise((resolve) => { waiting.push([rel, resolve]); });
  });
  async function answer(promise) {  // the rounds of requests until `promise` settles
    const out = [];
    let done = false;
    const finished = promise.then((v) => { done = true; return v; });
    while (!done) {
      await new Promise((r) => setTimeout(r, 0));  // everything asked for at once is one round
      if (!waiting.length) { continue; }
      const now = waiting;
      waiting = [];
      out.push(now.map((w) => w[0]));
      for (const [rel, resolve] of now) { resolve(await load(rel)); }
    }
    return [out, await finished];
  }
  const [first, result] = await answer(engine.search(q, filters, 10, 0));
  const [fill] = await answer(engine.sections(result.hits));
  return {rounds: first, fill: fill};
}

async function search(engine, req, limit) {  // both steps: the results, then their sub-results
  const result = await engine.search(req.q, req.filters || {}, limit, req.offset || 0);
  const fetched = engine.fetched.length;
  const sections = await engine.sections(result.hits);
  result.hits.forEach((hit, i) => { hit.sections = sections[i]; });
  return [result, fetched];
}

async function handle(req) {
  if (req.op === "stem") {
    const stem = api.safeStemmer(req.lang);
    return {stems: req.words.map((w) => stem(w))};
  }
  if (req.op === "fold") {
    return {folded: req.words.map(api.fold)};
  }
  if (req.op === "rounds") {
    return await rounds(req.dir, req.q, req.filters || {});
  }
  const engine = engineFor(req.dir, req.fresh);
  if (req.op === "parse") {
    await engine.ready();
    return {parsed: engine.parse(req.q)};
  }
  const before = engine.fetched.length;
  const limit = req.limit === undefined ? 10 : req.limit;
  const [result, shown] = await search(engine, req, limit);
  const fetched = engine.fetched.slice(before, shown);
  const fill = engine.fetched.slice(shown);
  const times = [];
  for (let i = 0; i < (req.repeat || 0); i++) {
    const started = process.hrtime.bigint();
    await search(engine, req, limit);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  if (req.siblings && req.siblings.length) {
    const all = siblingsOf(req.dir, req.siblings);
    const mine = path.basename(path.resolve(req.dir));
    delete all[mine];
    result.elsewhere = result.words.length && !result.full ? await engine.elsewhere(all, req.q, req.filters || {}) : [];
  }
  result.fetched = fetched;
  result.fetched_fill = fill;
  result.times = times;
  return result;
}

const rl = readline.createInterface({input: process.stdin});
let chain = Promise.resolve();
rl.on("line", (line) => {
  if (!line.trim()) { return; }
  chain = chain.then(async () => {
    let answer;
    try {
      answer = await handle(JSON.parse(line));
    } catch (err) {
      answer = {error: String(err && err.stack || err)};
    }
    process.stdout.write(JSON.stringify(answer) + "\n");
  });
});
