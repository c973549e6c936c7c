/* Measure finder, enhanced: several filters at once, in place, kept in the URL, result
   counts announced to screen readers. Without this script the facet links still work
   (one static page per filter value). No dependencies, no storage, no network. */
(function () {
  "use strict";
  var root = document.querySelector("[data-finder]");
  if (!root || !window.URLSearchParams || !window.history.replaceState) { return; }
  var cards = Array.prototype.slice.call(root.querySelectorAll(".results .card"));
  var facets = Array.prototype.slice.call(root.querySelectorAll("details[data-facet]"));
  var counter = root.querySelector("[data-count]");
  var announce = root.querySelector("[data-announce]");
  var empty = root.querySelector("[data-empty]");
  var reset = root.querySelector("[data-reset]");
  var base = root.getAttribute("data-base");
  var bar = root.querySelector("[data-finder-bar]");
  var toggle = root.querySelector("[data-filters-toggle]");
  var mirror = root.querySelector("[data-count-mirror]");
  var panel = root.querySelector(".facets");
  var done = root.querySelector("[data-filters-done]");
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 59.99rem)") : null;
  var timer = null;
  var chosen = root.querySelector(".facets a[aria-current]");
  if (chosen && window.location.pathname !== base) {
    // the page of one filter value holds only its own measures: filter the full list instead
    var only = new URLSearchParams();
    only.set(chosen.closest("details[data-facet]").getAttribute("data-facet"),
             chosen.getAttribute("data-value"));
    window.location.replace(base + "?" + only.toString());
    return;
  }

  function words(n) {
    var text = counter.getAttribute(n === 1 ? "data-one" : "data-other");
    return text.replace("{n}", String(n));
  }

  function selected() {
    var state = {};
    facets.forEach(function (facet) {
      var key = facet.getAttribute("data-facet");
      var values = Array.prototype.slice.call(facet.querySelectorAll("input:checked"))
        .map(function (box) { return box.value; });
      if (values.length) { state[key] = values; }
    });
    return state;
  }

  // a measure for all of Flanders applies in every region: a region filter keeps it (as the
  // region's page lists it, and as the filter's "+ n for all of Flanders" says)
  var general = (root.getAttribute("data-general-regions") || "").split(" ").filter(Boolean);

  function matches(card, state) {
    return Object.keys(state).every(function (key) {
      var held = (card.getAttribute("data-" + key) || "").split(" ");
      if (key === "regions" && general.some(function (g) { return held.indexOf(g) !== -1; })) {
        return true;
      }
      return state[key].some(function (value) { return held.indexOf(value) !== -1; });
    });
  }

  function apply(initial) {
    var state = selected();
    var shown = 0;
    cards.forEach(function (card) {
      var ok = matches(card, state);
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    counter.textContent = words(shown);
    if (mirror) { mirror.textContent = words(shown); }
    if (toggle) {
      var ticked = Object.keys(state).reduce(function (n, key) { return n + state[key].length; }, 0);
      toggle.querySelector("[data-filters-count]").textContent = "(" + ticked + ")";
    }
    if (empty) { empty.hidden = shown !== 0; }
    if (reset) { reset.hidden = Object.keys(state).length === 0; }
    var params = new URLSearchParams();
    Object.keys(state).sort().forEach(function (key) { params.set(key, state[key].join(",")); });
    var query = params.toString();
    if (!initial || query) {
      window.history.replaceState(null, "", base + (query ? "?" + query : ""));
    }
    if (!initial) {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { announce.textContent = words(shown); }, 400);
    }
  }

  function enhance(facet) {
    var key = facet.getAttribute("data-facet");
    facet.querySelectorAll("a[data-value]").forEach(function (link) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = key;
      box.value = link.getAttribute("data-value");
      if (link.getAttribute("aria-current")) { box.checked = true; }
      label.appendChild(box);
      while (link.firstChild) { label.appendChild(link.firstChild); }
      link.parentNode.replaceChild(label, link);
      box.addEventListener("change", function () { apply(false); });
    });
  }

  facets.forEach(enhance);
  var params = new URLSearchParams(window.location.search);
  params.forEach(function (value, key) {
    value.split(",").forEach(function (v) {
      var box = root.querySelector('input[name="' + key + '"][value="' + v.replace(/[^a-z0-9-]/g, "") + '"]');
      if (box) {
        box.checked = true;
        box.closest("details").open = true;
      }
    });
  });
  if (reset) {
    reset.addEventListener("click", function () {
      root.querySelectorAll(".facets input:checked").forEach(function (box) { box.checked = false; });
      apply(false);
    });
  }
  // narrow screens: the filters fold behind "Filters (n)"; the bar with the number of results
  // stays at the top of the screen while the reader ticks boxes
  function fold(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    root.classList.toggle("filters-open", open);
  }
  function layout() {
    var small = narrow && narrow.matches;
    bar.hidden = !small;
    done.parentNode.hidden = !small;
    root.classList.toggle("filters-folded", small);
    if (!small) { fold(false); }
  }
  if (bar && toggle && panel && done) {
    toggle.addEventListener("click", function () {
      fold(toggle.getAttribute("aria-expanded") !== "true");
    });
    done.addEventListener("click", function () {
      fold(false);
      var heading = root.querySelector(".results-title");
      heading.setAttribute("tabindex", "-1");
      heading.focus();
      heading.scrollIntoView({ block: "start" });
    });
    if (narrow) {
      if (narrow.addEventListener) { narrow.addEventListener("change", layout); }
      else if (narrow.addListener) { narrow.addListener(layout); }
    }
    layout();
    // the bar's count is hidden while the results heading (which says it too) is on screen
    var title = root.querySelector(".results-title");
    if (title && "IntersectionObserver" in window) {
      new IntersectionObserver(function (entries) {
        var seen = entries[entries.length - 1];  // wholly on screen, not under the bar
        bar.classList.toggle("count-on-screen", seen.intersectionRatio > 0.99);
      }, { threshold: [0, 1] }).observe(title);
    }
  }
  root.classList.add("finder-enhanced");
  apply(true);
}());
