/* Overstap embeds: the script partners paste next to a placeholder such as
     <div data-overstap-embed="nl/regio/gent"><a href="...">Gent · Overstap</a></div>
   It replaces each placeholder with a titled frame at once (in the portal's own panel: when the
   preview is opened), and sets
   the frame's height from the frame's messages: only messages from the portal's origin and
   from that frame count (the frame, in turn, only talks to the page that embeds it).
   Light branding through data attributes on the placeholder:
     data-accent="#0b4f6c"  links and lines in that colour (made darker inside the frame when
                            it is too light to read on white)
     data-compact="true"    a shorter version (no summaries or long texts)
     data-title="..."       the frame's title (else the placeholder's link text)
   On the portal's own pages it also runs the "Embed this" panel: copy buttons, and the code
   shown with the address the page is served from.
   No cookies, no storage, no requests of its own: the frame is the only thing it loads. */
(function () {
  "use strict";
  if (window.OverstapEmbed) { window.OverstapEmbed.scan(); return; }
  var script = document.currentScript ||
    document.querySelector("script[src$='/theme/js/embed.js']");
  if (!script || !window.URL) { return; }
  var root = new URL("../../", script.src);  // .../theme/js/embed.js -> the portal's root
  var origin = root.origin;
  var KEY = /^[a-z]{2,3}(\/[a-z0-9][a-z0-9-]*)+$/;
  var HEX = /^#?([0-9a-fA-F]{6})$/;
  var FIXED_HEIGHT = 640;  // until the frame says how tall it is
  var frames = [];

  function frameUrl(box, key) {
    var parts = key.split("/");
    var url = root.href + parts[0] + "/embed/" + parts.slice(1).join("/") + "/";
    var brand = [];
    var accent = HEX.exec(box.getAttribute("data-accent") || "");
    if (accent) { brand.push("accent=" + accent[1].toLowerCase()); }
    var compact = box.getAttribute("data-compact");
    if (compact !== null && compact !== "false") { brand.push("compact=1"); }
    return url + (brand.length ? "#" + brand.join("&") : "");
  }

  function titleOf(box) {
    var link = box.querySelector("a");
    var text = box.getAttribute("data-title") || (link && link.textContent) || "";
    return text.replace(/\s+/g, " ").trim() || "Overstap";
  }

  function now(box, load) { load(); }

  function whenNear(box, load) {
    if (!("IntersectionObserver" in window)) { load(); return; }
    var watcher = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        watcher.disconnect();
        load();
      }
    }, { rootMargin: "400px 0px" });
    watcher.observe(box);
  }

  function insert(box) {
    var key = box.getAttribute("data-overstap-embed") || "";
    if (box.hasAttribute("data-overstap-ready") || !KEY.test(key)) { return; }
    box.setAttribute("data-overstap-ready", "");
    var frame = document.createElement("iframe");
    var src = frameUrl(box, key);
    frame.title = titleOf(box);
    frame.style.display = "block";
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.height = FIXED_HEIGHT + "px";
    box.textContent = "";
    box.appendChild(frame);
    frames.push(frame);
    // a partner's frames load at once, so each has its height before the reader scrolls to it
    // (a frame that waits until it is near jumps the page when it arrives); the previews of
    // the portal's own panel load when they are opened
    (box.closest("[data-overstap-panel]") ? whenNear : now)(box, function () {
      // listen only now: the empty frame before `src` has our origin, not the portal's
      frame.addEventListener("load", function () {
        // introduce ourselves: the frame then knows our origin for sure
        if (frame.contentWindow) {
          frame.contentWindow.postMessage({ type: "overstap:hello" }, origin);
        }
      });
      frame.src = src;
    });
  }

  function heightOf(data) {
    if (!data || typeof data !== "object") { return 0; }
    if (data.type !== "resize" && data.type !== "overstap:resize") { return 0; }
    var height = Number(data.height);
    return height > 0 && height < 100000 ? Math.ceil(height) : 0;
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== origin) { return; }
    var height = heightOf(event.data);
    if (!height) { return; }
    frames.forEach(function (frame) {
      if (frame.contentWindow === event.source) { frame.style.height = height + "px"; }
    });
  });

  function scan() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-overstap-embed]"), insert);
  }

  // -- the "Embed this" panel, on the portal's own pages ------------------------------------
  function copy(area, status, panel) {
    function done(ok) {
      status.textContent = panel.getAttribute(ok ? "data-copied" : "data-copy-failed");
    }
    function bySelection() {
      area.focus();
      area.select();
      try { done(document.execCommand("copy")); } catch (e) { done(false); }
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(function () { done(true); }, bySelection);
    } else {
      bySelection();
    }
  }

  function panel(box) {
    var published = box.getAttribute("data-public-url");
    var here = window.location.origin;
    Array.prototype.forEach.call(box.querySelectorAll("[data-embed-code]"), function (area) {
      if (published && published !== here) { area.value = area.value.split(published).join(here); }
    });
    Array.prototype.forEach.call(box.querySelectorAll("button[data-copy]"), function (button) {
      var area = document.getElementById(button.getAttribute("data-copy"));
      var status = button.parentNode.querySelector("[role=status]");
      if (!area || !status) { return; }
      button.hidden = false;
      button.addEventListener("click", function () { copy(area, status, box); });
    });
    // one preview at a time: opening one closes the others (a closed one loads nothing)
    var previews = Array.prototype.slice.call(box.querySelectorAll("details[data-embed-preview]"));
    previews.forEach(function (details) {
      details.addEventListener("toggle", function () {
        if (!details.open) { return; }
        previews.forEach(function (other) { if (other !== details) { other.open = false; } });
      });
    });
  }

  function start() {
    if (window.location.origin === origin) {
      Array.prototype.forEach.call(
        document.querySelectorAll("[data-overstap-panel]:not([data-overstap-ready])"),
        function (box) { box.setAttribute("data-overstap-ready", ""); panel(box); });
    }
    scan();
  }

  window.OverstapEmbed = { scan: scan };
  start();
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
}());
