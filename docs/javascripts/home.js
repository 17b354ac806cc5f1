/* Next Round: the search box on the home page.
 *
 * The box (<form class="nr-home-search" hidden>) is hidden in the HTML, so
 * without JavaScript there is no dead control. This script shows it when the
 * site's search (Material's, in the header) is on the page, and on Enter or
 * the Search button opens that search with what the reader typed: it copies
 * the words into the header's search input, opens the search dialog (the
 * __search toggle) and sends the input and keyup events Material's search
 * listens to. Material 9.8.1 DOM: input[data-md-toggle=search] (#__search)
 * and input[data-md-component=search-query]. Plain ES2017, no network.
 */
(function () {
  "use strict";

  if (window.__nextroundHome) return;
  window.__nextroundHome = true;

  function openSearch(text) {
    var toggle = document.querySelector("input[data-md-toggle=search]");
    var query = document.querySelector("input[data-md-component=search-query]");
    if (!toggle || !query) return false;
    query.value = text;
    if (!toggle.checked) toggle.click(); /* Material's setToggle: a click sends "change" */
    query.focus();
    var end = query.value.length;
    try {
      query.setSelectionRange(end, end);
    } catch (e) {
      /* some input types do not support selection: harmless */
    }
    query.dispatchEvent(new Event("input", { bubbles: true }));
    query.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "Unidentified" }));
    return true;
  }

  function setup(form) {
    if (form.getAttribute("data-nr-ready") === "true") return;
    var toggle = document.querySelector("input[data-md-toggle=search]");
    var query = document.querySelector("input[data-md-component=search-query]");
    if (!toggle || !query) { form.classList.add("nr-off"); return; } /* no site search: the box stays hidden */
    form.setAttribute("data-nr-ready", "true");
    form.hidden = false;
    var input = form.querySelector("input[type=search]");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var text = input.value.trim();
      if (!text) {
        input.focus();
        return;
      }
      openSearch(text);
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form.nr-home-search"), setup);
  }

  window.NextRound.onPage(init);
})();
