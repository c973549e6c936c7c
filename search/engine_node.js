/* Runs the browser engine (theme/static/js/search-engine.js and the stemmers) under node, for
   the tests and the benchmark. Reads one JSON request per line on stdin, answers one JSON line
   each:
     {"op": "search", "dir": "<output>/search/nl/", "q": "...", "filters": {}, "limit": 10,
      "offset": 0, "fresh": false, "repeat": 1, "siblings": ["nl", "fr", "en"]}
       -> the engine's answer, plus "fetched" (paths read, for a fresh engine), "times" (of
          `repeat` runs, files already in memory) and, with "siblings", "elsewhere" (the folders of
          these languages beside "dir", in this order)
     {"op": "stem", "lang": "nl", "words": [...]}  -> {"stems": [...]}
     {"op": "fold", "words": [...]}                 -> {"folded": [...]}
     {"op": "parse", "dir": ..., "q": "..."}        -> {"parsed": {...}}
     {"op": "rounds", "dir": ..., "q": "...", "filters": {}}
       -> {"rounds": [[paths of round 1], ...]}: a fresh engine whose requests are answered
          together, a round at a time, as a network answers what is asked at once */
"use strict";
const fs = require("fs");
const path = require("path");
const readline = require("readline");
const JS = path.join(__dirname, "..", "theme", "static", "js");
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
  const out = [];
  let waiting = [];
  const engine = new api.Engine(function (rel) {
    return new Promise((resolve) => { waiting.push([rel, resolve]); });
  });
  let done = false;
  const finished = engine.search(q, filters, 10, 0).then(() => { done = true; });
  while (!done) {
    await new Promise((r) => setTimeout(r, 0));  // everything asked for at once is one round
    if (!waiting.length) { continue; }
    const now = waiting;
    waiting = [];
    out.push(now.map((w) => w[0]));
    for (const [rel, resolve] of now) { resolve(await load(rel)); }
  }
  await finished;
  return out;
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
    return {rounds: await rounds(req.dir, req.q, req.filters || {})};
  }
  const engine = engineFor(req.dir, req.fresh);
  if (req.op === "parse") {
    await engine.ready();
    return {parsed: engine.parse(req.q)};
  }
  const before = engine.fetched.length;
  const limit = req.limit === undefined ? 10 : req.limit;
  const result = await engine.search(req.q, req.filters || {}, limit, req.offset || 0);
  const fetched = engine.fetched.slice(before);
  const times = [];
  for (let i = 0; i < (req.repeat || 0); i++) {
    const started = process.hrtime.bigint();
    await engine.search(req.q, req.filters || {}, limit, req.offset || 0);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  if (req.siblings && req.siblings.length) {
    const all = siblingsOf(req.dir, req.siblings);
    const mine = path.basename(path.resolve(req.dir));
    delete all[mine];
    result.elsewhere = result.words.length && !result.full ? await engine.elsewhere(all, req.q, req.filters || {}) : [];
  }
  result.fetched = fetched;
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
