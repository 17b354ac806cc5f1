/* Next Round: helpers shared by the feature scripts (template-page.js,
 * finder.js, plan.js, home.js). Loaded first; no network, no storage of its own. */
(function () {
  "use strict";

  /* Build an element. attrs: {text: "..."} sets textContent (user input is
   * always text, never HTML); other keys become attributes (true -> "",
   * false/null/undefined -> left out). Children: nodes or strings. */
  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* localStorage, or null where the browser refuses it (private modes). */
  function storage() {
    try {
      return window.localStorage || null;
    } catch (e) {
      return null;
    }
  }

  /* Run init on every page: with Material's instant navigation through
   * document$, otherwise once the document is ready. */
  function onPage(init) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(init);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init);
    } else {
      init();
    }
  }

  /* Reader-visible text: every string our scripts show goes through _() with
   * its English text as the message id (gettext style, so Babel's JavaScript
   * extractor finds it). The edition's catalogue, when the page carries one
   * (<meta name="nr-catalogue" content="{...json...}"> in the head, which
   * instant navigation keeps), translates it; {name} placeholders are filled
   * from vars. */
  var catalogue = null;
  function _(msgid, vars) {
    if (catalogue === null) {
      var meta = document.querySelector('meta[name="nr-catalogue"]');
      try {
        catalogue = JSON.parse((meta && meta.getAttribute("content")) || document.documentElement.getAttribute("data-nr-catalogue") || "{}");
      } catch (e) {
        catalogue = {};
      }
    }
    var out = catalogue[msgid] || msgid;
    return out.replace(/\{(\w+)\}/g, function (whole, name) {
      return vars && Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole;
    });
  }

  window.NextRound = { h: h, storage: storage, onPage: onPage, _: _ };
})();
