/* Overstap search: the English Snowball stemmer, a line-by-line port of Whoosh's
   (whoosh/lang/snowball/english.py), checked against it on the whole vocabulary of the
   portal (tests/test_search_engines.py). Registers itself with search-engine.js. */
(function (root) {
  "use strict";
  var S = typeof module === "object" && module.exports ? require("./search-engine.js") : root.OverstapSearch;
  var py = S.py, sl = py.sl, at = py.at, has = py.has, ends = py.ends, endsWith = py.endsWith, put = py.put,
    r1r2 = py.r1r2, among = py.among;
  var EN_SPECIAL = {skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl", gently: "gentl",
    ugly: "ugli", early: "earli", only: "onli", singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas",
    cosmos: "cosmos", bias: "bias", andes: "andes", inning: "inning", innings: "inning", outing: "outing",
    outings: "outing", canning: "canning", cannings: "canning", herring: "herring", herrings: "herring",
    earring: "earring", earrings: "earring", proceed: "proceed", proceeds: "proceed", proceeded: "proceed",
    proceeding: "proceed", exceed: "exceed", exceeds: "exceed", exceeded: "exceed", exceeding: "exceed",
    succeed: "succeed", succeeds: "succeed", succeeded: "succeed", succeeding: "succeed"};
  var EN2 = ["ization", "ational", "fulness", "ousness", "iveness", "tional", "biliti", "lessli", "entli", "ation",
    "alism", "aliti", "ousli", "iviti", "fulli", "enci", "anci", "abli", "izer", "ator", "alli", "bli", "ogi", "li"];
  var EN3 = ["ational", "tional", "alize", "icate", "iciti", "ative", "ical", "ness", "ful"];
  var EN4 = ["ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous", "ive", "ize",
    "ion", "al", "er", "ic"];
  var EN_DBL = ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"];
  function stemEn(word) {
    var V = "aeiouy", i, suffix, L, r1 = "", r2 = "", v1a = false, v1b = false;
    word = word.toLowerCase();
    if (Object.prototype.hasOwnProperty.call(EN_SPECIAL, word)) { return EN_SPECIAL[word]; }
    word = word.replace(/\u2019/g, "'").replace(/\u2018/g, "'").replace(/\u201b/g, "'");
    if (word.charAt(0) === "'") { word = sl(word, 1); }
    if (word.charAt(0) === "y") { word = "Y" + sl(word, 1); }
    for (i = 1; i < word.length; i++) { if (has(V, word[i - 1]) && word[i] === "y") { word = put(word, i, "Y"); } }
    if (/^(gener|commun|arsen)/.test(word)) {
      r1 = /^(gener|arsen)/.test(word) ? sl(word, 5) : sl(word, 6);
      for (i = 1; i < r1.length; i++) { if (!has(V, r1[i]) && has(V, r1[i - 1])) { r2 = sl(r1, i + 1); break; } }
    } else {
      var rr = r1r2(word, V); r1 = rr[0]; r2 = rr[1];
    }
    var s0 = ["'s'", "'s", "'"];
    for (i = 0; i < s0.length; i++) {
      if (endsWith(word, s0[i])) { L = s0[i].length; word = sl(word, 0, -L); r1 = sl(r1, 0, -L); r2 = sl(r2, 0, -L); break; }
    }
    var s1a = ["sses", "ied", "ies", "us", "ss", "s"];
    for (i = 0; i < s1a.length; i++) {
      suffix = s1a[i];
      if (endsWith(word, suffix)) {
        if (suffix === "sses") {
          word = sl(word, 0, -2); r1 = sl(r1, 0, -2); r2 = sl(r2, 0, -2);
        } else if (suffix === "ied" || suffix === "ies") {
          if (sl(word, 0, -suffix.length).length > 1) { word = sl(word, 0, -2); r1 = sl(r1, 0, -2); r2 = sl(r2, 0, -2); } else { word = sl(word, 0, -1); r1 = sl(r1, 0, -1); r2 = sl(r2, 0, -1); }
        } else if (suffix === "s") {
          var head = sl(word, 0, -2);
          for (var k = 0; k < head.length; k++) { if (has(V, head[k])) { v1a = true; break; } }
          if (v1a) { word = sl(word, 0, -1); r1 = sl(r1, 0, -1); r2 = sl(r2, 0, -1); }
        }
        break;
      }
    }
    var s1b = ["eedly", "ingly", "edly", "eed", "ing", "ed"];
    for (i = 0; i < s1b.length; i++) {
      suffix = s1b[i]; L = suffix.length;
      if (endsWith(word, suffix)) {
        if (suffix === "eed" || suffix === "eedly") {
          if (endsWith(r1, suffix)) {
            word = sl(word, 0, -L) + "ee";
            r1 = r1.length >= L ? sl(r1, 0, -L) + "ee" : "";
            r2 = r2.length >= L ? sl(r2, 0, -L) + "ee" : "";
          }
        } else {
          var front = sl(word, 0, -L);
          for (var m = 0; m < front.length; m++) { if (has(V, front[m])) { v1b = true; break; } }
          if (v1b) {
            word = sl(word, 0, -L); r1 = sl(r1, 0, -L); r2 = sl(r2, 0, -L);
            if (ends(word, ["at", "bl", "iz"])) {
              word += "e"; r1 += "e";
              if (word.length > 5 || r1.length >= 3) { r2 += "e"; }
            } else if (ends(word, EN_DBL)) {
              word = sl(word, 0, -1); r1 = sl(r1, 0, -1); r2 = sl(r2, 0, -1);
            } else if ((r1 === "" && word.length >= 3 && !has(V, at(word, -1)) && !has("wxY", at(word, -1)) &&
                        has(V, at(word, -2)) && !has(V, at(word, -3))) ||
                       (r1 === "" && word.length === 2 && has(V, word[0]) && !has(V, word[1]))) {
              word += "e";
              if (r1.length > 0) { r1 += "e"; }
              if (r2.length > 0) { r2 += "e"; }
            }
          }
        }
        break;
      }
    }
    if (word.length > 2 && has("yY", at(word, -1)) && !has(V, at(word, -2))) {
      word = sl(word, 0, -1) + "i";
      r1 = r1.length >= 1 ? sl(r1, 0, -1) + "i" : "";
      r2 = r2.length >= 1 ? sl(r2, 0, -1) + "i" : "";
    }
    function swap(suf, rep, shortR2) {
      var n = suf.length;
      word = sl(word, 0, -n) + rep;
      r1 = r1.length >= n ? sl(r1, 0, -n) + rep : "";
      r2 = r2.length >= n ? sl(r2, 0, -n) + rep : shortR2;
    }
    function cutN(n) { word = sl(word, 0, -n); r1 = sl(r1, 0, -n); r2 = sl(r2, 0, -n); }
    for (i = 0; i < EN2.length; i++) {
      suffix = EN2[i];
      if (endsWith(word, suffix)) {
        if (endsWith(r1, suffix)) {
          if (suffix === "tional") { cutN(2); } else if (among(suffix, ["enci", "anci", "abli"])) {
            word = sl(word, 0, -1) + "e";
            r1 = r1.length >= 1 ? sl(r1, 0, -1) + "e" : "";
            r2 = r2.length >= 1 ? sl(r2, 0, -1) + "e" : "";
          } else if (suffix === "entli") { cutN(2); } else if (suffix === "izer" || suffix === "ization") { swap(suffix, "ize", ""); } else if (among(suffix, ["ational", "ation", "ator"])) { swap(suffix, "ate", "e"); } else if (among(suffix, ["alism", "aliti", "alli"])) { swap(suffix, "al", ""); } else if (suffix === "fulness") { cutN(4); } else if (suffix === "ousli" || suffix === "ousness") { swap(suffix, "ous", ""); } else if (suffix === "iveness" || suffix === "iviti") { swap(suffix, "ive", "e"); } else if (suffix === "biliti" || suffix === "bli") { swap(suffix, "ble", ""); } else if (suffix === "ogi" && at(word, -4) === "l") { cutN(1); } else if (suffix === "fulli" || suffix === "lessli") { cutN(2); } else if (suffix === "li" && has("cdeghkmnrt", at(word, -3))) { cutN(2); }
        }
        break;
      }
    }
    for (i = 0; i < EN3.length; i++) {
      suffix = EN3[i];
      if (endsWith(word, suffix)) {
        if (endsWith(r1, suffix)) {
          if (suffix === "tional") { cutN(2); } else if (suffix === "ational") { swap(suffix, "ate", ""); } else if (suffix === "alize") { cutN(3); } else if (among(suffix, ["icate", "iciti", "ical"])) { swap(suffix, "ic", ""); } else if (suffix === "ful" || suffix === "ness") { cutN(suffix.length); } else if (suffix === "ative" && endsWith(r2, suffix)) { cutN(5); }
        }
        break;
      }
    }
    for (i = 0; i < EN4.length; i++) {
      suffix = EN4[i];
      if (endsWith(word, suffix)) {
        if (endsWith(r2, suffix)) {
          if (suffix === "ion") { if (has("st", at(word, -4))) { cutN(3); } } else { cutN(suffix.length); }
        }
        break;
      }
    }
    if (endsWith(r2, "l") && at(word, -2) === "l") {
      word = sl(word, 0, -1);
    } else if (endsWith(r2, "e")) {
      word = sl(word, 0, -1);
    } else if (endsWith(r1, "e")) {
      if (word.length >= 4 && (has(V, at(word, -2)) || has("wxY", at(word, -2)) || !has(V, at(word, -3)) || has(V, at(word, -4)))) {
        word = sl(word, 0, -1);
      }
    }
    return word.replace(/Y/g, "y");
  }

  S.stemmers.en = stemEn;
}(this));
