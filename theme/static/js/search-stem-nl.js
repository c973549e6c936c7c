/* Overstap search: the Dutch Snowball stemmer, a line-by-line port of Whoosh's
   (whoosh/lang/snowball/dutch.py), checked against it on the whole vocabulary of the
   portal (tests/test_search_engines.py). Registers itself with search-engine.js. */
(function (root) {
  "use strict";
  var S = typeof module === "object" && module.exports ? require("./search-engine.js") : root.OverstapSearch;
  var py = S.py, sl = py.sl, at = py.at, has = py.has, ends = py.ends, endsWith = py.endsWith, put = py.put,
    r1r2 = py.r1r2, among = py.among;
  function stemNl(word) {
    var V = "aeiouy\u00e8", i, suffix, step2 = false, rr, r1, r2;
    word = word.toLowerCase();
    word = word.replace(/\u00e4/g, "a").replace(/\u00e1/g, "a").replace(/\u00eb/g, "e").replace(/\u00e9/g, "e")
      .replace(/\u00ed/g, "i").replace(/\u00ef/g, "i").replace(/\u00f6/g, "o").replace(/\u00f3/g, "o")
      .replace(/\u00fc/g, "u").replace(/\u00fa/g, "u");
    if (word.charAt(0) === "y") { word = "Y" + sl(word, 1); }
    for (i = 1; i < word.length; i++) { if (has(V, word[i - 1]) && word[i] === "y") { word = put(word, i, "Y"); } }
    for (i = 1; i < word.length - 1; i++) {
      if (has(V, word[i - 1]) && word[i] === "i" && has(V, word[i + 1])) { word = put(word, i, "I"); }
    }
    rr = r1r2(word, V); r1 = rr[0]; r2 = rr[1];
    for (i = 1; i < word.length; i++) {
      if (!has(V, word[i]) && has(V, word[i - 1])) {
        if (sl(word, 0, i + 1).length < 3 && sl(word, 0, i + 1).length > 0) { r1 = sl(word, 3); } else if (sl(word, 0, i + 1).length === 0) { return word; }
        break;
      }
    }
    var dbl = ["kk", "dd", "tt"];
    var s1 = ["heden", "ene", "en", "se", "s"];
    for (i = 0; i < s1.length; i++) {
      suffix = s1[i];
      if (endsWith(r1, suffix)) {
        var L = suffix.length;
        if (suffix === "heden") {
          word = sl(word, 0, -5) + "heid"; r1 = sl(r1, 0, -5) + "heid";
          if (endsWith(r2, "heden")) { r2 = sl(r2, 0, -5) + "heid"; }
        } else if ((suffix === "ene" || suffix === "en") && !endsWith(word, "heden") && !has(V, at(word, -L - 1)) && sl(word, -L - 3, -L) !== "gem") {
          word = sl(word, 0, -L); r1 = sl(r1, 0, -L); r2 = sl(r2, 0, -L);
          if (ends(word, dbl)) { word = sl(word, 0, -1); r1 = sl(r1, 0, -1); r2 = sl(r2, 0, -1); }
        } else if ((suffix === "se" || suffix === "s") && !has(V, at(word, -L - 1)) && at(word, -L - 1) !== "j") {
          word = sl(word, 0, -L); r1 = sl(r1, 0, -L); r2 = sl(r2, 0, -L);
        }
        break;
      }
    }
    if (endsWith(r1, "e") && !has(V, at(word, -2))) {
      step2 = true;
      word = sl(word, 0, -1); r1 = sl(r1, 0, -1); r2 = sl(r2, 0, -1);
      if (ends(word, dbl)) { word = sl(word, 0, -1); r1 = sl(r1, 0, -1); r2 = sl(r2, 0, -1); }
    }
    if (endsWith(r2, "heid") && at(word, -5) !== "c") {
      word = sl(word, 0, -4); r1 = sl(r1, 0, -4); r2 = sl(r2, 0, -4);
      if (endsWith(r1, "en") && !has(V, at(word, -3)) && sl(word, -5, -2) !== "gem") {
        word = sl(word, 0, -2); r1 = sl(r1, 0, -2); r2 = sl(r2, 0, -2);
        if (ends(word, dbl)) { word = sl(word, 0, -1); r1 = sl(r1, 0, -1); r2 = sl(r2, 0, -1); }
      }
    }
    var s3 = ["baar", "lijk", "bar", "end", "ing", "ig"];
    for (i = 0; i < s3.length; i++) {
      suffix = s3[i];
      if (endsWith(r2, suffix)) {
        if (suffix === "end" || suffix === "ing") {
          word = sl(word, 0, -3); r2 = sl(r2, 0, -3);
          if (endsWith(r2, "ig") && at(word, -3) !== "e") { word = sl(word, 0, -2); } else if (ends(word, dbl)) { word = sl(word, 0, -1); }
        } else if (suffix === "ig" && at(word, -3) !== "e") {
          word = sl(word, 0, -2);
        } else if (suffix === "lijk") {
          word = sl(word, 0, -4); r1 = sl(r1, 0, -4);
          if (endsWith(r1, "e") && !has(V, at(word, -2))) {
            word = sl(word, 0, -1);
            if (ends(word, dbl)) { word = sl(word, 0, -1); }
          }
        } else if (suffix === "baar") {
          word = sl(word, 0, -4);
        } else if (suffix === "bar" && step2) {
          word = sl(word, 0, -3);
        }
        break;
      }
    }
    if (word.length >= 4) {
      if (!has(V, at(word, -1)) && at(word, -1) !== "I") {
        var vv = sl(word, -3, -1);
        if (vv === "aa" || vv === "ee" || vv === "oo" || vv === "uu") {
          if (!has(V, at(word, -4))) { word = sl(word, 0, -3) + at(word, -3) + at(word, -1); }
        }
      }
    }
    return word.replace(/I/g, "i").replace(/Y/g, "y");
  }

  S.stemmers.nl = stemNl;
}(this));
