/* Overstap search in the browser. No dependencies, no storage, nothing from other origins.
   It reads the static export of the Whoosh index (search/<lang>/, see docs/dev/search.md) and
   ranks exactly as search/query.py does with Whoosh: same words (folding, stop words, Dutch
   compounds, Snowball stemmers ported line by line from Whoosh), same BM25F arithmetic, same
   order. Under node (`require`) it exports the engine for the tests and the benchmark. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) { module.exports = api; } else { api.start(root.document); }
}(this, function () {
  "use strict";

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

  /* ---- Dutch (whoosh/lang/snowball/dutch.py) -------------------------------------------- */
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

  /* ---- French (whoosh/lang/snowball/french.py) ------------------------------------------ */
  var FR_V = "aeiouy\u00e2\u00e0\u00eb\u00e9\u00ea\u00e8\u00ef\u00ee\u00f4\u00fb\u00f9";
  var FR1 = ["issements", "issement", "atrices", "atrice", "ateurs", "ations", "logies", "usions", "utions", "ements",
    "amment", "emment", "ances", "iqUes", "ismes", "ables", "istes", "ateur", "ation", "logie", "usion", "ution", "ences",
    "ement", "euses", "ments", "ance", "iqUe", "isme", "able", "iste", "ence", "it\u00e9s", "ives", "eaux", "euse", "ment",
    "eux", "it\u00e9", "ive", "ifs", "aux", "if"];
  var FR2A = ["issaIent", "issantes", "iraIent", "issante", "issants", "issions", "irions", "issais", "issait", "issant",
    "issent", "issiez", "issons", "irais", "irait", "irent", "iriez", "irons", "iront", "isses", "issez", "\u00eemes",
    "\u00eetes", "irai", "iras", "irez", "isse", "ies", "ira", "\u00eet", "ie", "ir", "is", "it", "i"];
  var FR2B = ["eraIent", "assions", "erions", "assent", "assiez", "\u00e8rent", "erais", "erait", "eriez", "erons",
    "eront", "aIent", "antes", "asses", "ions", "erai", "eras", "erez", "\u00e2mes", "\u00e2tes", "ante", "ants", "asse",
    "\u00e9es", "era", "iez", "ais", "ait", "ant", "\u00e9e", "\u00e9s", "er", "ez", "\u00e2t", "ai", "as", "\u00e9", "a"];
  var FR2B_DEL = ["eraIent", "erions", "\u00e8rent", "erais", "erait", "eriez", "erons", "eront", "erai", "eras", "erez",
    "\u00e9es", "era", "iez", "\u00e9e", "\u00e9s", "er", "ez", "\u00e9"];
  var FR2B_A = ["assions", "assent", "assiez", "aIent", "antes", "asses", "\u00e2mes", "\u00e2tes", "ante", "ants",
    "asse", "ais", "ait", "ant", "\u00e2t", "ai", "as", "a"];
  var FR4 = ["i\u00e8re", "I\u00e8re", "ion", "ier", "Ier", "e", "\u00eb"];
  function among(x, list) { return list.indexOf(x) !== -1; }
  function rvFr(word, V) {
    var rv = "";
    if (word.length >= 2) {
      if (sl(word, 0, 3) === "par" || sl(word, 0, 3) === "col" || sl(word, 0, 3) === "tap" || (has(V, word[0]) && has(V, word[1]))) {
        rv = sl(word, 3);
      } else {
        for (var i = 1; i < word.length; i++) { if (has(V, word[i])) { rv = sl(word, i + 1); break; } }
      }
    }
    return rv;
  }
  function stemFr(word) {
    var V = FR_V, i, suffix, L, s1 = false, rvEnd = false, s2a = false, s2b = false;
    word = word.toLowerCase();
    for (i = 1; i < word.length; i++) { if (word[i - 1] === "q" && word[i] === "u") { word = put(word, i, "U"); } }
    for (i = 1; i < word.length - 1; i++) {
      if (has(V, word[i - 1]) && has(V, word[i + 1])) {
        if (word[i] === "u") { word = put(word, i, "U"); } else if (word[i] === "i") { word = put(word, i, "I"); }
      }
      if (has(V, word[i - 1]) || has(V, word[i + 1])) { if (word[i] === "y") { word = put(word, i, "Y"); } }
    }
    var rr = r1r2(word, V), r1 = rr[0], r2 = rr[1], rv = rvFr(word, V);
    for (i = 0; i < FR1.length; i++) {
      suffix = FR1[i]; L = suffix.length;
      if (!endsWith(word, suffix)) { continue; }
      if (suffix === "eaux") {
        word = sl(word, 0, -1); s1 = true;
      } else if (suffix === "euse" || suffix === "euses") {
        if (has(r2, suffix)) { word = sl(word, 0, -L); s1 = true; } else if (has(r1, suffix)) { word = sl(word, 0, -L) + "eux"; s1 = true; }
      } else if ((suffix === "ement" || suffix === "ements") && has(rv, suffix)) {
        word = sl(word, 0, -L); s1 = true;
        if (sl(word, -2) === "iv" && has(r2, "iv")) {
          word = sl(word, 0, -2);
          if (sl(word, -2) === "at" && has(r2, "at")) { word = sl(word, 0, -2); }
        } else if (sl(word, -3) === "eus") {
          if (has(r2, "eus")) { word = sl(word, 0, -3); } else if (has(r1, "eus")) { word = sl(word, 0, -1) + "x"; }
        } else if (sl(word, -3) === "abl" || sl(word, -3) === "iqU") {
          if (has(r2, "abl") || has(r2, "iqU")) { word = sl(word, 0, -3); }
        } else if (sl(word, -3) === "i\u00e8r" || sl(word, -3) === "I\u00e8r") {
          if (has(rv, "i\u00e8r") || has(rv, "I\u00e8r")) { word = sl(word, 0, -3) + "i"; }
        }
      } else if (suffix === "amment" && has(rv, suffix)) {
        word = sl(word, 0, -6) + "ant"; rv = sl(rv, 0, -6) + "ant"; rvEnd = true;
      } else if (suffix === "emment" && has(rv, suffix)) {
        word = sl(word, 0, -6) + "ent"; rvEnd = true;
      } else if ((suffix === "ment" || suffix === "ments") && has(rv, suffix) && rv.indexOf(suffix) !== 0 &&
                 has(V, at(rv, rv.lastIndexOf(suffix) - 1))) {
        word = sl(word, 0, -L); rv = sl(rv, 0, -L); rvEnd = true;
      } else if (suffix === "aux" && has(r1, suffix)) {
        word = sl(word, 0, -2) + "l"; s1 = true;
      } else if ((suffix === "issement" || suffix === "issements") && has(r1, suffix) && !has(V, at(word, -L - 1))) {
        word = sl(word, 0, -L); s1 = true;
      } else if (among(suffix, ["ance", "iqUe", "isme", "able", "iste", "eux", "ances", "iqUes", "ismes", "ables", "istes"]) && has(r2, suffix)) {
        word = sl(word, 0, -L); s1 = true;
      } else if (among(suffix, ["atrice", "ateur", "ation", "atrices", "ateurs", "ations"]) && has(r2, suffix)) {
        word = sl(word, 0, -L); s1 = true;
        if (sl(word, -2) === "ic") { word = has(r2, "ic") ? sl(word, 0, -2) : sl(word, 0, -2) + "iqU"; }
      } else if ((suffix === "logie" || suffix === "logies") && has(r2, suffix)) {
        word = sl(word, 0, -L) + "log"; s1 = true;
      } else if (among(suffix, ["usion", "ution", "usions", "utions"]) && has(r2, suffix)) {
        word = sl(word, 0, -L) + "u"; s1 = true;
      } else if ((suffix === "ence" || suffix === "ences") && has(r2, suffix)) {
        word = sl(word, 0, -L) + "ent"; s1 = true;
      } else if ((suffix === "it\u00e9" || suffix === "it\u00e9s") && has(r2, suffix)) {
        word = sl(word, 0, -L); s1 = true;
        if (sl(word, -4) === "abil") {
          word = has(r2, "abil") ? sl(word, 0, -4) : sl(word, 0, -2) + "l";
        } else if (sl(word, -2) === "ic") {
          word = has(r2, "ic") ? sl(word, 0, -2) : sl(word, 0, -2) + "iqU";
        } else if (sl(word, -2) === "iv") {
          if (has(r2, "iv")) { word = sl(word, 0, -2); }
        }
      } else if (among(suffix, ["if", "ive", "ifs", "ives"]) && has(r2, suffix)) {
        word = sl(word, 0, -L); s1 = true;
        if (sl(word, -2) === "at" && has(r2, "at")) {
          word = sl(word, 0, -2);
          if (sl(word, -2) === "ic") { word = has(r2, "ic") ? sl(word, 0, -2) : sl(word, 0, -2) + "iqU"; }
        }
      }
      break;
    }
    if (!s1 || rvEnd) {
      for (i = 0; i < FR2A.length; i++) {
        suffix = FR2A[i];
        if (endsWith(word, suffix)) {
          if (has(rv, suffix) && rv.length > suffix.length && !has(V, at(rv, rv.lastIndexOf(suffix) - 1))) {
            word = sl(word, 0, -suffix.length); s2a = true;
          }
          break;
        }
      }
      if (!s2a) {
        for (i = 0; i < FR2B.length; i++) {
          suffix = FR2B[i];
          if (endsWith(rv, suffix)) {
            if (suffix === "ions" && has(r2, "ions")) {
              word = sl(word, 0, -4); s2b = true;
            } else if (among(suffix, FR2B_DEL)) {
              word = sl(word, 0, -suffix.length); s2b = true;
            } else if (among(suffix, FR2B_A)) {
              word = sl(word, 0, -suffix.length); rv = sl(rv, 0, -suffix.length); s2b = true;
              if (endsWith(rv, "e")) { word = sl(word, 0, -1); }
            }
            break;
          }
        }
      }
    }
    if (s1 || s2a || s2b) {
      if (at(word, -1) === "Y") { word = sl(word, 0, -1) + "i"; } else if (at(word, -1) === "\u00e7") { word = sl(word, 0, -1) + "c"; }
    } else {
      if (word.length >= 2 && at(word, -1) === "s" && !has("aiou\u00e8s", at(word, -2))) { word = sl(word, 0, -1); }
      for (i = 0; i < FR4.length; i++) {
        suffix = FR4[i];
        if (endsWith(word, suffix)) {
          if (has(rv, suffix)) {
            if (suffix === "ion" && has(r2, suffix) && has("st", at(rv, -4))) {
              word = sl(word, 0, -3);
            } else if (among(suffix, ["ier", "i\u00e8re", "Ier", "I\u00e8re"])) {
              word = sl(word, 0, -suffix.length) + "i";
            } else if (suffix === "e") {
              word = sl(word, 0, -1);
            } else if (suffix === "\u00eb" && sl(word, -3, -1) === "gu") {
              word = sl(word, 0, -1);
            }
            break;
          }
        }
      }
    }
    if (ends(word, ["enn", "onn", "ett", "ell", "eill"])) { word = sl(word, 0, -1); }
    for (i = 1; i < word.length; i++) {
      if (has(V, at(word, -i))) {
        if (i !== 1 && (at(word, -i) === "\u00e9" || at(word, -i) === "\u00e8")) { word = sl(word, 0, -i) + "e" + sl(word, -i + 1); }
        break;
      }
    }
    return word.replace(/I/g, "i").replace(/U/g, "u").replace(/Y/g, "y");
  }

  /* ---- English (whoosh/lang/snowball/english.py) ---------------------------------------- */
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

  var STEMMERS = {nl: stemNl, fr: stemFr, en: stemEn};
  function safeStemmer(lang) { // search/analysis.py: SafeStemmer
    var fn = STEMMERS[lang], cache = Object.create(null);
    return function (word) {
      var found = cache[word];
      if (found === undefined) {
        try { found = fn(word); } catch (e) { if (!(e instanceof RangeError)) { throw e; } found = word; }
        cache[word] = found;
      }
      return found;
    };
  }

  /* ---- analysis (search/analysis.py) ----------------------------------------------------- */
  var SPELLED = {"\u00df": "ss", "\u00e6": "ae", "\u0153": "oe", "\u00f8": "o", "\u0111": "d", "\u00f0": "d",
    "\u00fe": "th", "\u0142": "l", "\u0131": "i", "\u0127": "h", "\u0167": "t"};
  var MARK = /\p{Mn}/u;
  function fold(word) {
    var text = word.toLowerCase().normalize("NFKD").toLowerCase(), out = "";
    for (var ch of text) {
      if (ch.codePointAt(0) > 0xFFFF || MARK.test(ch)) { continue; }
      out += Object.prototype.hasOwnProperty.call(SPELLED, ch) ? SPELLED[ch] : ch;
    }
    return out;
  }
  function wordRe() { return /[\p{L}\p{N}]+/gu; }
  function nfc(text) { return String(text).normalize("NFC"); }
  function cutQuery(text, max) { return Array.from(String(text)).slice(0, max).join(""); }

  /* ---- the engine (search/query.py: Engine) --------------------------------------------- */
  function Engine(loader) {
    this.loader = loader;           // path -> Promise of parsed JSON
    this.meta = null;
    this.shards = Object.create(null);
    this.spell = Object.create(null);
    this.docs = Object.create(null);
    this.facets = null;
    this.fetched = [];              // every path loaded, in order (for the benchmark)
  }
  Engine.prototype.load = function (path) {
    this.fetched.push(path);
    return this.loader(path);
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
      });
    }
    return self._ready;
  };
  Engine.prototype.words = function (text) {
    var m = this.meta, found = [], match, re = wordRe(), w;
    text = nfc(cutQuery(text, m.maxq));
    while ((match = re.exec(text)) !== null) {
      w = fold(match[0]);
      if (w.length < m.minw || w.length > m.maxw || this.stops.has(w)) { continue; }
      if (found.indexOf(w) === -1) { found.push(w); }
    }
    return found.slice(0, m.maxwords);
  };
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
    var shard = this.shards[i];
    if (!shard) { missing.add(i); return null; }
    return Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null;
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
  // A query plan: {t: "term", s: stem} | {t: "or"|"and", c: [...]}; built again after every
  // batch of fetched shards until nothing it looked at was missing.
  Engine.prototype.plan = function (words) {
    var self = this;
    function attempt() {
      var missing = new Set(), split = self.splitter(missing);
      function node(word) {
        var stem = self.stem(word), alts = [{t: "term", s: stem}], parts = split(word);
        self.entry(stem, missing);
        if (parts) { alts.push({t: "and", c: parts.map(node)}); }
        return {t: "or", c: alts};
      }
      var tree = {t: "and", c: words.map(node)};
      if (missing.size === 0) { return Promise.resolve({tree: tree, split: split}); }
      return Promise.all(Array.from(missing).map(function (i) {
        return self.load("t/" + i + ".json").then(function (shard) { self.shards[i] = shard; });
      })).then(attempt);
    }
    return attempt();
  };
  Engine.prototype.idf = function (df) {
    var m = this.meta, fixed = m.idf[String(df)];
    if (fixed !== undefined) { return fixed; }
    return Math.floor((Math.log(m.n / (df + 1)) + 1) * m.iq + 0.5) / m.iq;
  };
  Engine.prototype.scores = function (node) { // Map docnum -> score, as Whoosh's matchers add
    var m = this.meta, out = new Map(), i, k;
    if (node.t === "term") {
      var entry = this.entry(node.s, new Set());
      if (!entry) { return out; }
      for (var f = 0; f < m.fields.length; f++) {
        var list = entry[f], idf = this.idf(list.length / 2), doc = 0, lens = m.len[f], avg = m.avgfl[f];
        for (i = 0; i < list.length; i += 2) {
          doc += list[i];
          var tf = list[i + 1], fl = lens[doc];
          var raw = idf * ((tf * (m.K1 + 1)) / (tf + m.K1 * ((1 - m.B) + m.B * fl / avg)));
          var s = (Math.floor(raw * m.sq + 0.5) / m.sq) * m.boost[f];
          out.set(doc, (out.get(doc) || 0) + s);
        }
      }
      return out;
    }
    var parts = node.c.map(this.scores, this);
    if (node.t === "or") {
      parts.forEach(function (p) { p.forEach(function (s, d) { out.set(d, (out.get(d) || 0) + s); }); });
      return out;
    }
    parts[0].forEach(function (s, d) {
      var total = s;
      for (k = 1; k < parts.length; k++) {
        if (!parts[k].has(d)) { return; }
        total += parts[k].get(d);
      }
      out.set(d, total);
    });
    return out;
  };
  Engine.prototype.allowed = function (filters) { // Set of docnums, or null (no filter)
    var self = this, keys = Object.keys(filters);
    if (!keys.length) { return Promise.resolve(null); }
    var load = self.facets ? Promise.resolve(self.facets) : self.load("f.json").then(function (f) { self.facets = f; return f; });
    return load.then(function (facets) {
      var keep = null;
      self.meta.facets.forEach(function (key) {
        if (!filters[key]) { return; }
        var any = new Set();
        filters[key].forEach(function (value) {
          var gaps = (facets[key] || {})[value];
          if (!gaps || !Object.prototype.hasOwnProperty.call(facets[key], value)) { return; }
          var doc = 0;
          gaps.forEach(function (g) { doc += g; any.add(doc); });
        });
        keep = keep === null ? any : new Set(Array.from(keep).filter(function (d) { return any.has(d); }));
      });
      return keep;
    });
  };
  Engine.prototype.ranked = function (words, filters) { // [[docnum, score], ...] best first
    var self = this;
    return Promise.all([self.plan(words), self.allowed(filters)]).then(function (got) {
      var scores = self.scores(got[0].tree), keep = got[1], list = [];
      scores.forEach(function (s, d) { if (!keep || keep.has(d)) { list.push([d, s]); } });
      list.sort(function (a, b) { return (b[1] - a[1]) || (a[0] - b[0]); });
      return {list: list, split: got[0].split};
    });
  };
  Engine.prototype.count = function (words, filters) {
    if (!words.length) { return Promise.resolve(0); }
    return this.ranked(words, filters || {}).then(function (r) { return r.list.length; });
  };
  Engine.prototype.doc = function (n) {
    var self = this;
    if (!self.docs[n]) { self.docs[n] = self.load("d/" + n + ".json"); }
    return self.docs[n];
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
  // The same answer as search/query.py Engine.search: {query, words, filters, total, hits,
  // suggestion}; each hit {docnum, score, slug, url, type, title, summary, date, marks}.
  Engine.prototype.search = function (text, filters, limit, offset) {
    var self = this;
    return self.ready().then(function () {
      var m = self.meta;
      limit = Math.max(0, Math.min(limit === undefined ? 10 : limit, m.maxresults));
      offset = Math.max(0, Math.min(offset || 0, 10000));
      filters = self.cleanFilters(filters);
      var query = cutQuery(text || "", m.maxq), words = self.words(query);
      var out = {query: query, words: words, filters: filters, total: 0, hits: [], suggestion: null};
      if (!words.length) { return out; }
      return self.ranked(words, filters).then(function (r) {
        out.total = r.list.length;
        var marker = new Marker(self, words, r.split);
        var page = r.list.slice(offset, offset + limit);
        var hits = Promise.all(page.map(function (pair) {
          return self.doc(pair[0]).then(function (d) {
            return {docnum: pair[0], score: pair[1], slug: d.k, url: d.u, type: d.y, title: d.t, summary: d.s,
              date: d.d, marks: {title: marker.mark(d.t), summary: marker.mark(d.s), snippet: snippet(d.b, marker, m.snippet)}};
          });
        }));
        var suggestion = out.total === 0 ? self.suggest(words, filters) : Promise.resolve(null);
        return Promise.all([hits, suggestion]).then(function (got) {
          out.hits = got[0];
          out.suggestion = got[1];
          return out;
        });
      });
    });
  };

  /* ---- no results: a suggestion (query.py: closest, suggest) ----------------------------- */
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
    var self = this, i = self.wkeyIndex.get(word.slice(0, self.meta.spellkey));
    if (i === undefined) { return Promise.resolve({f: {}, d: {}}); }
    if (!self.spell[i]) { self.spell[i] = self.load("w/" + i + ".json"); }
    return self.spell[i];
  };
  Engine.prototype.closest = function (word) {
    if (word.length < 3) { return Promise.resolve(null); }
    var limit = word.length <= 4 ? 1 : 2;
    return this.spellShard(word).then(function (shard) {
      var best = null;
      Object.keys(shard.f).forEach(function (c) {
        if (c.slice(0, 2) !== word.slice(0, 2) || c === word || Math.abs(c.length - word.length) > limit) { return; }
        var d = editDistance(word, c, limit);
        if (d > limit) { return; }
        var key = [d, -shard.f[c], c];
        if (!best || key[0] < best[0] || (key[0] === best[0] && (key[1] < best[1] || (key[1] === best[1] && key[2] < best[2])))) { best = key; }
      });
      return best ? best[2] : null;
    });
  };
  Engine.prototype.shown = function (words) { // the written form of each word, joined
    var self = this;
    return Promise.all(words.map(function (w) {
      return self.spellShard(w).then(function (shard) { return Object.prototype.hasOwnProperty.call(shard.d, w) ? shard.d[w] : w; });
    })).then(function (list) { return list.join(" "); });
  };
  Engine.prototype.suggest = function (words, filters) {
    var self = this;
    var first = Object.keys(filters).length ? self.count(words, {}) : Promise.resolve(0);
    return first.then(function (total) {
      if (total) {
        return self.shown(words).then(function (q) { return {kind: "filters", q: q, total: total}; });
      }
      var fixed = [];
      var step = words.reduce(function (p, word) {
        return p.then(function () {
          return self.count([word]).then(function (n) {
            if (n) { fixed.push(word); return null; }
            return self.closest(word).then(function (near) { if (near && fixed.indexOf(near) === -1) { fixed.push(near); } });
          });
        });
      }, Promise.resolve());
      return step.then(function () {
        var same = fixed.length === words.length && fixed.every(function (w, i) { return w === words[i]; });
        var tryFixed = fixed.length && !same ? self.count(fixed, filters) : Promise.resolve(0);
        return tryFixed.then(function (n) {
          if (n) { return self.shown(fixed).then(function (q) { return {kind: "words", q: q, total: n}; }); }
          if (words.length < 2) { return null; }
          return Promise.all(words.map(function (w) { return self.count([w], filters); })).then(function (counts) {
            var best = 0;
            counts.forEach(function (c, i) { if (c > counts[best]) { best = i; } });
            if (!counts[best]) { return null; }
            return self.shown([words[best]]).then(function (q) { return {kind: "words", q: q, total: counts[best]}; });
          });
        });
      });
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
    this.parts = engine.meta.split ? folded.filter(function (p) { return p.length >= engine.meta.split.min; }) : [];
  }
  Marker.prototype.hit = function (word) {
    var m = this.engine.meta, f = fold(word);
    if (f.length < m.minw || f.length > m.maxw || this.engine.stops.has(f)) { return false; }
    return this.stems.has(this.engine.stem(f)) || this.parts.some(function (p) { return f.indexOf(p) !== -1; });
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

  /* ---- the search page ------------------------------------------------------------------- */
  function start(document) {
    if (!document || !window.fetch || !window.URLSearchParams || !window.history.pushState) { return; }
    var page = document.querySelector("[data-search]");
    if (!page) { return; }
    var form = page.querySelector("form"), input = form.querySelector("input[name=q]");
    var filterBox = page.querySelector("[data-filters]"), status = page.querySelector("[data-announce]");
    var heading = page.querySelector("[data-heading]"), list = page.querySelector("[data-results]");
    var empty = page.querySelector("[data-empty]"), more = page.querySelector("[data-more]");
    var reset = page.querySelector("[data-reset]"), base = page.getAttribute("data-index");
    var boxes = Array.prototype.slice.call(page.querySelectorAll("[data-filters] input[type=checkbox]"));
    var version = "", shown = 0, run = 0, timer = null;
    var engine = new Engine(function (path) {
      var url = base + path + (version && path !== "meta.json" ? "?v=" + version : "");
      return window.fetch(url, path === "meta.json" ? {cache: "no-cache"} : {}).then(function (r) {
        if (!r.ok) { throw new Error(url + ": " + r.status); }
        return r.json();
      }).then(function (data) {
        if (path === "meta.json") { version = data.v; }
        return data;
      });
    });
    function text(name, values) {
      var s = page.getAttribute("data-t-" + name) || "";
      Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(values[k]); });
      return s;
    }
    function short(q) { var a = Array.from(q); return a.length > 80 ? a.slice(0, 80).join("") + "\u2026" : q; }
    function state() {
      var filters = {};
      boxes.forEach(function (b) { if (b.checked) { (filters[b.name] = filters[b.name] || []).push(b.value); } });
      return {q: input.value, filters: filters};
    }
    function fromUrl() {
      var params = new URLSearchParams(window.location.search);
      input.value = params.get("q") || "";
      boxes.forEach(function (b) {
        b.checked = params.getAll(b.name).join(",").split(",").indexOf(b.value) !== -1;
        if (b.checked) { b.closest("details").open = true; }
      });
    }
    function toUrl(push) {
      var s = state(), params = new URLSearchParams();
      if (s.q) { params.set("q", s.q); }
      Object.keys(s.filters).forEach(function (k) { s.filters[k].forEach(function (v) { params.append(k, v); }); });
      var url = window.location.pathname + (params.toString() ? "?" + params.toString() : "");
      if (url !== window.location.pathname + window.location.search) {
        window.history[push ? "pushState" : "replaceState"](null, "", url);
      }
    }
    function pieces(node, marks) {
      marks.forEach(function (p) {
        if (p[1]) { var m = document.createElement("mark"); m.textContent = p[0]; node.appendChild(m); } else { node.appendChild(document.createTextNode(p[0])); }
      });
      return node;
    }
    function typeLabel(type) {
      var box = page.querySelector("[data-filters] input[name=type][value=\"" + type.replace(/[^a-z]/g, "") + "\"]");
      return box ? box.getAttribute("data-label") : type;
    }
    function item(hit) {
      var li = document.createElement("li"), p = document.createElement("p"), h = document.createElement("h3");
      var a = document.createElement("a");
      li.className = "card search-result card-" + hit.type;
      p.className = "card-type"; p.textContent = typeLabel(hit.type);
      h.className = "card-title"; a.href = hit.url; pieces(a, hit.marks.title); h.appendChild(a);
      li.appendChild(p); li.appendChild(h);
      if (hit.summary) { var s = document.createElement("p"); s.className = "card-summary"; li.appendChild(pieces(s, hit.marks.summary)); }
      if (hit.marks.snippet.length) { var n = document.createElement("p"); n.className = "search-snippet"; li.appendChild(pieces(n, hit.marks.snippet)); }
      return li;
    }
    function announce(message) {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { status.textContent = message; }, 250);
    }
    function suggestion(result) {
      var box = empty.querySelector("[data-suggestion]");
      box.textContent = "";
      box.hidden = !result.suggestion;
      if (!result.suggestion) { return; }
      var sug = result.suggestion;
      if (sug.kind === "filters") {
        box.appendChild(document.createTextNode(text(sug.total === 1 ? "without-one" : "without-other", {n: sug.total}) + " "));
        var b = document.createElement("button");
        b.type = "button"; b.className = "button button-quiet"; b.textContent = text("remove");
        b.addEventListener("click", clearFilters);
        box.appendChild(b);
        return;
      }
      var parts = text("suggest", {}).split("{s}"), link = document.createElement("a");
      var params = new URLSearchParams({q: sug.q});
      link.href = window.location.pathname + "?" + params.toString();
      link.textContent = sug.q;
      link.addEventListener("click", function (e) { e.preventDefault(); input.value = sug.q; toUrl(true); search(); });
      box.appendChild(document.createTextNode(parts[0]));
      box.appendChild(link);
      box.appendChild(document.createTextNode(parts.slice(1).join("{s}")));
    }
    function render(result, append) {
      var q = short(result.query), n = result.total;
      if (!append) { list.textContent = ""; shown = 0; }
      result.hits.forEach(function (hit) { list.appendChild(item(hit)); });
      shown += result.hits.length;
      more.hidden = shown >= n;
      empty.hidden = n !== 0;
      heading.hidden = n === 0;
      if (n === 0) {
        empty.querySelector("[data-none]").textContent = result.words.length ? text("none", {q: q}) : text("no-words");
        suggestion(result);
        announce(result.words.length ? text("none", {q: q}) : text("no-words"));
      } else {
        heading.textContent = text(n === 1 ? "count-one" : "count-other", {n: n, q: q});
        if (!append) { announce(heading.textContent); }
      }
      page.setAttribute("aria-busy", "false");
    }
    function search(append) {
      var s = state(), mine = ++run;
      if (reset) { reset.hidden = !Object.keys(s.filters).length; }
      if (!s.q.trim()) {
        list.textContent = ""; heading.hidden = true; empty.hidden = true; more.hidden = true;
        status.textContent = "";
        return Promise.resolve(null);
      }
      page.setAttribute("aria-busy", "true");
      return engine.search(s.q, s.filters, 10, append ? shown : 0).then(function (result) {
        if (mine === run) { render(result, append); }
        return result;
      }, function () {
        page.setAttribute("aria-busy", "false");
        heading.hidden = false; heading.textContent = text("error"); announce(text("error"));
      });
    }
    function clearFilters() {
      boxes.forEach(function (b) { b.checked = false; });
      toUrl(false);
      search();
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); toUrl(true); search(); });
    boxes.forEach(function (b) { b.addEventListener("change", function () { toUrl(false); search(); }); });
    more.addEventListener("click", function () { search(true); });
    if (reset) { reset.addEventListener("click", clearFilters); }
    window.addEventListener("popstate", function () { fromUrl(); search(); });
    filterBox.hidden = false;
    fromUrl();
    // the filters open beside the results on wide screens; on phones they wait to be asked for
    filterBox.open = window.matchMedia("(min-width: 60rem)").matches || boxes.some(function (b) { return b.checked; });
    page.classList.add("search-enhanced");
    search();
  }

  return {Engine: Engine, fold: fold, stemmers: STEMMERS, safeStemmer: safeStemmer, snippet: snippet,
    editDistance: editDistance, start: start};
}));
