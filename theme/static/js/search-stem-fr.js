/* Overstap search: the French Snowball stemmer, a line-by-line port of Whoosh's
   (whoosh/lang/snowball/french.py), checked against it on the whole vocabulary of the
   portal (tests/test_search_engines.py). Registers itself with search-engine.js. */
(function (root) {
  "use strict";
  var S = typeof module === "object" && module.exports ? require("./search-engine.js") : root.OverstapSearch;
  var py = S.py, sl = py.sl, at = py.at, has = py.has, ends = py.ends, endsWith = py.endsWith, put = py.put,
    r1r2 = py.r1r2, among = py.among;
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

  S.stemmers.fr = stemFr;
}(this));
