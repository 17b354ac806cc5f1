/* Next Round: the guided "What happened?" finder (/finder/).
 *
 * The page holds <div class="nr-finder" data-nr-finder="{JSON}"> with the
 * questions as data (generated from content/finder.yml) and, inside it, the
 * whole flow as nested lists of links: the no-JavaScript version. This script
 * hides those lists and asks one question at a time instead.
 *
 * State lives in the URL only: ?a=<answer>.<answer>... (answer ids in order),
 * one history entry per answer, so a result can be shared or bookmarked and
 * the browser's back button works. Material's instant navigation ignores
 * changes of the query string, so this script pushes and renders them itself
 * and listens to popstate. Nothing is stored and nothing is sent anywhere.
 *
 * Result links use the hrefs of the no-JavaScript links (a[data-scenario]),
 * never URLs built here. Plain ES2017, no libraries, no network.
 */
(function () {
  "use strict";

  if (window.__nextroundFinder) return;
  window.__nextroundFinder = true;

  var PARAM = "a";
  var SEP = ".";
  var active = null; /* the finder on the current page, if any */
  var memory = {}; /* page path -> {path key -> answer id last chosen there}: survives re-rendering */

  /* ------------------------------------------------------------ helpers */
  var h = window.NextRound.h;

  function readPath() {
    var raw = new URLSearchParams(window.location.search).get(PARAM);
    if (raw === null) return { path: [], given: false };
    return { path: raw === "" ? [] : raw.split(SEP), given: true };
  }

  function urlFor(path) {
    var url = new URL(window.location.href);
    if (path.length) url.searchParams.set(PARAM, path.join(SEP));
    else url.searchParams.delete(PARAM);
    url.hash = "";
    /* URLSearchParams leaves "." and "-" alone, so the URL stays readable */
    return url.pathname + url.search;
  }

  /* ------------------------------------------------------------ the finder */
  function Finder(root, data) {
    this.root = root;
    this.data = data;
    this.pathname = window.location.pathname;
    this.questions = {};
    this.links = {};
    this.chosen = memory[this.pathname] || (memory[this.pathname] = {}); /* path key -> answer id (restored by Back) */
    var self = this;
    (data.questions || []).forEach(function (q) {
      self.questions[q.id] = q;
    });
    Array.prototype.forEach.call(root.querySelectorAll("a[data-scenario]"), function (a) {
      var id = a.getAttribute("data-scenario");
      if (!self.links[id]) self.links[id] = a.href;
    });
    this.build();
  }

  /* Walk the answers from the start. Returns null when the path does not fit the data. */
  Finder.prototype.walk = function (path) {
    var q = this.questions[this.data.start];
    var steps = [];
    for (var i = 0; i < path.length; i++) {
      if (!q) return null;
      var answer = null;
      for (var j = 0; j < q.answers.length; j++) {
        if (q.answers[j].id === path[i]) answer = q.answers[j];
      }
      if (!answer) return null;
      steps.push({ question: q, answer: answer });
      if (answer.scenario) {
        if (i !== path.length - 1) return null; /* answers after a result */
        if (!this.links[answer.scenario] || !this.data.scenarios[answer.scenario]) return null;
        return { steps: steps, question: null, scenario: answer.scenario };
      }
      q = this.questions[answer.next];
    }
    if (!q) return null;
    return { steps: steps, question: q, scenario: null };
  };

  Finder.prototype.build = function () {
    var tree = this.root.querySelectorAll(":scope > ul");
    Array.prototype.forEach.call(tree, function (ul) {
      ul.hidden = true;
    });
    this.app = h("section", { class: "nr-finder__app", "aria-label": "Questions" });
    this.live = h("p", { class: "nr-finder__live", role: "status", "aria-live": "polite" });
    this.root.appendChild(this.app);
    this.root.appendChild(this.live);
    this.root.classList.add("nr-finder--js");
    var self = this;
    this.app.addEventListener("click", function (ev) {
      var el = ev.target instanceof Element ? ev.target.closest("button[data-nr-action]") : null;
      if (!el) return;
      var action = el.getAttribute("data-nr-action");
      if (action === "answer") self.answer(el.getAttribute("data-nr-answer"));
      else if (action === "back") self.back();
      else if (action === "restart") self.restart();
    });
  };

  Finder.prototype.go = function (path, focus) {
    var state = this.walk(path);
    var note = "";
    if (!state) {
      state = this.walk([]);
      path = [];
      note = "That link did not match our questions, so we have started from the beginning.";
      history.replaceState(history.state, "", urlFor([]));
    }
    this.path = path;
    /* remember every answer on the way, so Back can show it again */
    for (var i = 0; i < path.length; i++) this.chosen[path.slice(0, i).join(SEP)] = path[i];
    this.render(state, note);
    if (focus) {
      this.heading.focus();
      this.announce(state);
    }
  };

  Finder.prototype.answer = function (id) {
    var next = this.path.concat([id]);
    if (!this.walk(next)) return;
    history.pushState(history.state, "", urlFor(next));
    this.go(next, true);
  };

  Finder.prototype.back = function () {
    if (!this.path.length) return;
    var prev = this.path.slice(0, -1);
    history.pushState(history.state, "", urlFor(prev));
    this.go(prev, true);
  };

  Finder.prototype.restart = function () {
    this.chosen = memory[this.pathname] = {}; /* a fresh start: no earlier answer is highlighted */
    history.pushState(history.state, "", urlFor([]));
    this.go([], true);
  };

  Finder.prototype.announce = function (state) {
    var text = state.scenario
      ? "Your situation: " + this.data.scenarios[state.scenario].title
      : "Question " + (state.steps.length + 1) + ": " + state.question.text;
    var live = this.live;
    live.textContent = "";
    window.setTimeout(function () {
      live.textContent = text;
    }, 50);
  };

  Finder.prototype.controls = function (state) {
    var buttons = [];
    if (state.steps.length) {
      buttons.push(h("button", { type: "button", class: "md-button nr-finder__back", "data-nr-action": "back", text: "Back" }));
      buttons.push(h("button", { type: "button", class: "md-button nr-finder__restart", "data-nr-action": "restart", text: "Start again" }));
    }
    return buttons.length ? h("p", { class: "nr-finder__controls" }, buttons) : null;
  };

  Finder.prototype.render = function (state, note) {
    var app = this.app;
    var key = this.path.join(SEP);
    while (app.firstChild) app.removeChild(app.firstChild);
    if (note) app.appendChild(h("p", { class: "nr-finder__note", text: note }));

    if (state.scenario) {
      var s = this.data.scenarios[state.scenario];
      this.heading = h("h2", { class: "nr-finder__heading", id: "nr-finder-heading", tabindex: "-1", text: s.title });
      app.setAttribute("aria-label", "Your situation");
      app.appendChild(h("p", { class: "nr-finder__step", text: "Your situation" }));
      app.appendChild(this.heading);
      app.appendChild(h("p", { class: "nr-finder__summary", text: s.summary }));
      app.appendChild(
        h("p", { class: "nr-finder__go" }, [
          h("a", { class: "md-button md-button--primary nr-finder__plan", href: this.links[state.scenario], text: "See your plan" }),
        ])
      );
      var answers = h(
        "ul",
        { class: "nr-finder__answered" },
        state.steps.map(function (step) {
          return h("li", {}, [step.answer.label]);
        })
      );
      app.appendChild(h("div", { class: "nr-finder__recap" }, [h("p", { text: "Your answers:" }), answers]));
    } else {
      var q = state.question;
      var previous = this.chosen[key];
      var hintId = q.hint ? "nr-finder-hint" : null;
      this.heading = h("h2", { class: "nr-finder__heading", id: "nr-finder-heading", tabindex: "-1", text: q.text });
      app.setAttribute("aria-label", "Questions");
      app.appendChild(h("p", { class: "nr-finder__step", text: "Question " + (state.steps.length + 1) }));
      app.appendChild(this.heading);
      if (q.hint) app.appendChild(h("p", { class: "nr-finder__hint", id: hintId, text: q.hint }));
      var list = h("ul", { class: "nr-finder__answers", "aria-labelledby": "nr-finder-heading" });
      q.answers.forEach(function (a) {
        var was = a.id === previous;
        var button = h(
          "button",
          {
            type: "button",
            class: "nr-finder__answer" + (was ? " is-previous" : ""),
            "data-nr-action": "answer",
            "data-nr-answer": a.id,
            "aria-describedby": hintId,
          },
          [h("span", { class: "nr-finder__label", text: a.label })]
        );
        if (was) button.appendChild(h("span", { class: "nr-finder__badge", text: "Your answer" }));
        list.appendChild(h("li", {}, [button]));
      });
      app.appendChild(list);
    }
    var controls = this.controls(state);
    if (controls) app.appendChild(controls);
  };

  /* ------------------------------------------------------------ wiring */
  function init() {
    var root = document.querySelector(".nr-finder[data-nr-finder]");
    if (!root) {
      active = null;
      return;
    }
    if (root.getAttribute("data-nr-ready") === "true") return;
    var data;
    try {
      data = JSON.parse(root.getAttribute("data-nr-finder"));
    } catch (e) {
      return; /* the nested lists stay: the page still works */
    }
    if (!data || !data.start || !data.questions || !data.scenarios) return;
    root.setAttribute("data-nr-ready", "true");
    active = new Finder(root, data);
    var url = readPath();
    active.go(url.path, false);
  }

  /* Back and forward between the finder's own steps. Registered for the
   * capture phase, so it runs before Material's popstate handler (a bubbling
   * listener on window): Material would otherwise fetch and re-inject the
   * page on the first such change. Other history changes (another page) are
   * left to Material's instant navigation. */
  window.addEventListener(
    "popstate",
    function (ev) {
      if (!active || !document.body.contains(active.root)) return;
      if (window.location.pathname !== active.pathname) return;
      ev.stopImmediatePropagation();
      active.go(readPath().path, true);
    },
    true
  );

  window.NextRound.onPage(init);
})();
