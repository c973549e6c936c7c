/* The language switcher keeps what the reader chose: the search words and the finder's
   filters travel in the address's query (?q=..., ?approach=proactief), whose keys and values
   are the same in every language, so a link to the other language takes the query along.
   Read at the moment of the click, so filters ticked after the page loaded count too.
   No dependencies, no storage, no network. */
(function () {
  "use strict";
  var nav = document.querySelector(".lang-switcher");
  if (!nav) { return; }
  function carry(link) {
    if (link.getAttribute("aria-current")) { return; }
    var target = link.getAttribute("href").split(/[?#]/)[0];
    link.setAttribute("href", target + window.location.search);
  }
  ["click", "focusin", "mouseover", "touchstart"].forEach(function (kind) {
    nav.addEventListener(kind, function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (link) { carry(link); }
    }, { passive: true });
  });
}());
