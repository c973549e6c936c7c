/* The search page on a narrow screen: search.js puts the filters after the results (up to
   six screens down), so a "Filters (n)" link near the top, with the number of filters
   ticked, opens them and jumps there; beside the results (wide screens) it is not shown.
   Reads search.js's markup only (data-filters, its checkboxes and data-results); changes
   nothing of it but opening the filters when the reader asks. No storage, no network. */
(function () {
  "use strict";
  var page = document.querySelector("[data-search]");
  var jump = page && page.querySelector("[data-filters-jump]");
  var box = page && page.querySelector("[data-filters]");
  if (!jump || !box) { return; }
  var count = jump.querySelector("[data-jump-count]");
  var narrow = window.matchMedia("(max-width: 59.99rem)");
  function update() {
    count.textContent = "(" + box.querySelectorAll("input:checked").length + ")";
    jump.hidden = box.hidden || !narrow.matches;
  }
  jump.querySelector("a").addEventListener("click", function () { box.open = true; });
  box.addEventListener("change", update);
  var results = page.querySelector("[data-results]");
  var watch = new MutationObserver(update);
  watch.observe(box, { attributes: true, attributeFilter: ["hidden"] });
  if (results) { watch.observe(results, { childList: true }); }
  if (narrow.addEventListener) { narrow.addEventListener("change", update); }
  update();
}());
