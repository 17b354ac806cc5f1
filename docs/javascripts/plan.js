/* Next Round: scenario pages as plans (/scenarios/<id>/).
 *
 * The page holds <div class="nr-plan" data-nr-plan="<scenario id>"> with the
 * steps as real checkboxes, each with its own <label>. Without JavaScript
 * they can be ticked, just not remembered. This script remembers the ticks in
 * localStorage under "nextround:plan:<scenario id>", on this device only, and
 * adds a "Reset my plan" button that unticks everything and removes the key.
 *
 * Nothing is written until the reader ticks a step; unticking the last step
 * removes the key again. A tick is remembered by the step's place and text,
 * so a step whose wording changes starts unticked. Plain ES2017, no network.
 */
(function () {
  "use strict";

  if (window.__nextroundPlan) return;
  window.__nextroundPlan = true;

  var PREFIX = "nextround:plan:";

  var storage = window.NextRound.storage;

  function load(key) {
    var ls = storage();
    if (!ls) return [];
    try {
      var value = JSON.parse(ls.getItem(key) || "[]");
      return Array.isArray(value) ? value.filter(function (v) { return typeof v === "string"; }) : [];
    } catch (e) {
      return [];
    }
  }

  function save(key, done) {
    var ls = storage();
    if (!ls) return false;
    try {
      if (done.length) ls.setItem(key, JSON.stringify(done));
      else ls.removeItem(key);
      return true;
    } catch (e) {
      return false; /* private mode or full: the ticks still work for this visit */
    }
  }

  /* A short, stable fingerprint of a step's text (FNV-1a, base 36). */
  function fingerprint(text) {
    var hash = 0x811c9dc5;
    var s = text.replace(/\s+/g, " ").trim();
    for (var i = 0; i < s.length; i++) {
      hash ^= s.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(36);
  }

  function h(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, attrs[k]);
    });
    if (text) node.textContent = text;
    return node;
  }

  function setup(root) {
    var id = root.getAttribute("data-nr-plan");
    if (!id || root.getAttribute("data-nr-ready") === "true") return;
    root.setAttribute("data-nr-ready", "true");
    var key = PREFIX + id;
    var boxes = Array.prototype.slice.call(root.querySelectorAll("input[type=checkbox][data-nr-step]"));
    if (!boxes.length) return;

    function stepKey(box) {
      var label = root.querySelector("label[for='" + box.id + "']");
      return box.getAttribute("data-nr-step") + "~" + fingerprint(label ? label.textContent : "");
    }

    var saved = load(key);
    boxes.forEach(function (box) {
      if (saved.indexOf(stepKey(box)) !== -1) box.checked = true;
    });

    var progress = h("span", { class: "nr-plan__progress" });
    var note = h("span", { class: "nr-plan__note" }, "Your ticks are kept in this browser, on this device only.");
    var reset = h("button", { type: "button", class: "md-button nr-plan__reset" }, "Reset my plan");
    var live = h("span", { class: "nr-plan__live", role: "status", "aria-live": "polite" });
    var tools = h("div", { class: "nr-plan__tools" });
    var text = h("p", { class: "nr-plan__status" });
    text.appendChild(progress);
    text.appendChild(document.createTextNode(" "));
    text.appendChild(note);
    tools.appendChild(text);
    tools.appendChild(reset);
    tools.appendChild(live);
    root.appendChild(tools);

    function count() {
      var done = boxes.filter(function (b) { return b.checked; }).length;
      progress.textContent = done + " of " + boxes.length + " steps done.";
      return done;
    }
    count();

    root.addEventListener("change", function (ev) {
      if (boxes.indexOf(ev.target) === -1) return;
      var done = boxes.filter(function (b) { return b.checked; }).map(stepKey);
      save(key, done);
      live.textContent = "";
      count();
    });

    reset.addEventListener("click", function () {
      boxes.forEach(function (b) {
        b.checked = false;
      });
      save(key, []);
      count();
      live.textContent = "";
      window.setTimeout(function () {
        live.textContent = "Your plan is reset: every step is unticked and nothing is stored.";
      }, 50);
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".nr-plan[data-nr-plan]"), setup);
  }

  window.NextRound.onPage(init);
})();
