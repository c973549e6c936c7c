/* Runs the browser engine (theme/static/js/search.js) under node, for the tests and the
   benchmark. Reads one JSON request per line on stdin, answers one JSON line each:
     {"op": "search", "dir": "<output>/search/nl/", "q": "...", "filters": {}, "limit": 10,
      "offset": 0, "fresh": false, "repeat": 1}
       -> the engine's answer, plus "fetched" (paths read, for a fresh engine) and "ms"
          (median time of `repeat` runs, files already in memory)
     {"op": "stem", "lang": "nl", "words": [...]}  -> {"stems": [...]}
     {"op": "fold", "words": [...]}                 -> {"folded": [...]} */
"use strict";
const fs = require("fs");
const path = require("path");
const readline = require("readline");
const api = require(path.join(__dirname, "..", "theme", "static", "js", "search.js"));

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

async function handle(req) {
  if (req.op === "stem") {
    const stem = api.safeStemmer(req.lang);
    return {stems: req.words.map((w) => stem(w))};
  }
  if (req.op === "fold") {
    return {folded: req.words.map(api.fold)};
  }
  const engine = engineFor(req.dir, req.fresh);
  const before = engine.fetched.length;
  const result = await engine.search(req.q, req.filters || {}, req.limit === undefined ? 10 : req.limit, req.offset || 0);
  const fetched = engine.fetched.slice(before);
  const times = [];
  for (let i = 0; i < (req.repeat || 0); i++) {
    const started = process.hrtime.bigint();
    await engine.search(req.q, req.filters || {}, req.limit === undefined ? 10 : req.limit, req.offset || 0);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
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
