/* Inside an embed view. Links open the full portal page in the top window. The frame's height
   is posted to the page that embeds it, and only to that page's origin: the one that said
   hello (embed.js), else the one the browser names as our parent. Formats: the object
   {type: "resize", height} (also what many partner sites already listen for) and, when the
   parent speaks iframe-resizer's protocol, its "[iFrameSizer]id:height:width:type" strings.
   A partner's accent colour and compact mode arrive in the address's #fragment; a colour that
   is too light to read on white is made darker until it has a 4.5:1 contrast.
   No cookies, no storage, no requests. */
(function () {
  "use strict";
  var doc = document.documentElement;
  var params = new URLSearchParams(window.location.hash.slice(1));
  var RESIZER = "[iFrameSizer]";

  // -- brand --------------------------------------------------------------------------------
  function luminance(rgb) {
    var c = rgb.map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  function readable(hex) {
    var rgb = [0, 2, 4].map(function (i) { return parseInt(hex.substr(i, 2), 16); });
    var step = 0;
    while (1.05 / (luminance(rgb) + 0.05) < 4.5 && step < 40) {
      rgb = rgb.map(function (v) { return Math.floor(v * 0.92); });
      step += 1;
    }
    return "#" + rgb.map(function (v) { return (v < 16 ? "0" : "") + v.toString(16); }).join("");
  }

  var accent = /^[0-9a-fA-F]{6}$/.test(params.get("accent") || "") ? params.get("accent") : null;
  if (accent) { doc.style.setProperty("--accent", readable(accent.toLowerCase())); }
  if (params.get("compact") === "1") { doc.classList.add("compact"); }

  // -- links --------------------------------------------------------------------------------
  Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (link) {
    link.target = link.getAttribute("href").charAt(0) === "#" ? "_self" : "_top";
  });

  // -- height -------------------------------------------------------------------------------
  if (window.parent === window) { return; }
  var parentOrigin = guessParent();
  var resizerId = null;
  var last = 0;

  function guessParent() {
    var named = window.location.ancestorOrigins;
    if (named && named.length && named[0] !== "null") { return named[0]; }
    try { return document.referrer ? new URL(document.referrer).origin : null; } catch (e) {
      return null;
    }
  }

  function height() { return Math.ceil(doc.getBoundingClientRect().height); }

  function send(force, kind) {
    var h = height();
    if (!parentOrigin || (!force && h === last)) { return; }
    last = h;
    window.parent.postMessage({ type: "resize", height: h, from: "overstap-embed" }, parentOrigin);
    if (resizerId !== null) {
      window.parent.postMessage(RESIZER + resizerId + ":" + h + ":" +
        Math.ceil(doc.getBoundingClientRect().width) + ":" + (kind || "resizeObserver"),
        parentOrigin);
    }
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent) { return; }
    var data = event.data;
    if (data && data.type === "overstap:hello") {
      parentOrigin = event.origin;
      send(true);
    } else if (typeof data === "string" && data.indexOf(RESIZER) === 0) {
      parentOrigin = event.origin;
      resizerId = data.slice(RESIZER.length).split(":")[0];
      send(true, "init");
    }
  });
  if (window.ResizeObserver) {
    new ResizeObserver(function () { send(false); }).observe(doc);
  } else {
    window.addEventListener("resize", function () { send(false); });
  }
  window.addEventListener("load", function () { send(true); });
  send(true);
}());
