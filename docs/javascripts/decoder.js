/* Next Round: "What did they mean?" (/decoder/).
 *
 * The page holds <div class="nr-decoder" data-nr-decoder="{JSON}"> with the
 * knowledge base's signals (typical wordings of rejection emails, generated
 * from the `signals:` of reasons and situations) and, inside it, the same
 * signals as a phrasebook: the no-JavaScript version, whose links
 * (a[data-nr-ref]) this script reuses, so it never builds a URL of its own.
 *
 * The reader pastes an email; after a pause in typing this script marks the
 * phrases it recognises in the text, says what each usually means, ranks the
 * situations and offers the reply, prefilled with the role, the company and
 * the contact's first name when the email gives them away.
 *
 * Privacy: the text is read in this page only. It is never sent, stored or
 * logged (no network, no storage, no console). Safety: it is only ever used
 * as text (textContent and text nodes, never innerHTML).
 *
 * Matching tolerates case, punctuation, line breaks, quoted-reply markers,
 * typographic apostrophes, word endings, filler words and small changes of
 * word order: both the email and every signal are reduced to word stems, and
 * a signal matches where all its stems stand close together in one sentence.
 */
(function () {
  "use strict";

  if (window.__nextroundDecoder) return;
  window.__nextroundDecoder = true;

  var h = window.NextRound.h;
  var _ = window.NextRound._;
  var RENDER_DELAY = 250; /* ms after the last key press */
  var ANNOUNCE_DELAY = 1200; /* screen readers hear the result once typing pauses */
  var TOP = 3;

  /* ------------------------------------------------------------ words */
  var WORD = /[\p{L}\p{N}]+(?:['\u2019\u2018][\p{L}]+)?/gu;
  /* Negations written without an apostrophe, and words that mean "not". */
  var NEGATIVE = {
    cannot: ["not"], cant: ["not"], dont: ["not"], doesnt: ["not"], didnt: ["not"], wont: ["not"],
    isnt: ["not"], wasnt: ["not"], arent: ["not"], werent: ["not"], havent: ["not"], hasnt: ["not"],
    hadnt: ["not"], couldnt: ["not"], wouldnt: ["not"], shouldnt: ["not"], unable: ["not", "able"],
  };
  var IRREGULAR = {
    withdrawn: "withdraw", withdrew: "withdraw", chosen: "choose", chose: "choose", went: "go", gone: "go",
    spoke: "speak", spoken: "speak", came: "come", made: "make", gave: "give", given: "give", felt: "feel",
    met: "meet", took: "take", taken: "take", cv: "cv", cvs: "cv", resume: "cv",
  };

  /** A light stemmer: "filled", "filling", "fills" -> "fill"; "closely" -> "clos". */
  function stem(word) {
    var w = IRREGULAR[word] || word;
    if (w.length <= 3) return w;
    if (/ies$/.test(w) || /ied$/.test(w)) w = w.slice(0, -3) + "y";
    else if (/sses$/.test(w)) w = w.slice(0, -2);
    else if (/ing$/.test(w) && w.length > 5) w = w.slice(0, -3);
    else if (/ed$/.test(w) && w.length > 4) w = w.slice(0, -2);
    else if (/ly$/.test(w) && w.length > 5) w = w.slice(0, -2);
    else if (/s$/.test(w) && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
    if (/e$/.test(w) && w.length > 3) w = w.slice(0, -1);
    if (/([bdgmnprt])\1$/.test(w)) w = w.slice(0, -1);
    return w;
  }

  /** The stems a word stands for ("won't" -> ["not"], "filled" -> ["fill"]); filler words give none. */
  function stemsOf(raw, filler) {
    var word = raw.toLowerCase().replace(/[\u2019\u2018]/g, "'");
    var parts = word.split("'");
    var out = [];
    if (parts.length > 1 && parts[1] === "t" && /n$/.test(parts[0])) {
      out.push("not"); /* won't, can't, didn't: the verb itself is filler */
    } else if (NEGATIVE[parts[0]]) {
      out = NEGATIVE[parts[0]].slice();
    } else if (!filler[parts[0]]) {
      out.push(stem(parts[0]));
    }
    return out;
  }

  /** The email as content words: [{s: stem, a: start, b: end, n: sentence number}]. */
  function tokenize(text, filler) {
    var out = [];
    var sentence = 0;
    var last = 0;
    WORD.lastIndex = 0;
    var m;
    while ((m = WORD.exec(text)) !== null) {
      var gap = text.slice(last, m.index);
      /* A sentence ends at . ! ? or a blank line (quote markers aside). */
      if (/[.!?]/.test(gap) || /\n[\s>]*\n/.test(gap)) sentence += 1;
      last = m.index + m[0].length;
      var stems = stemsOf(m[0], filler);
      for (var i = 0; i < stems.length; i++) out.push({ s: stems[i], a: m.index, b: last, n: sentence });
    }
    return out;
  }

  /** A signal wording as its distinct stems. */
  function pattern(phrase, filler) {
    var seen = {};
    var out = [];
    tokenize(phrase, filler).forEach(function (t) {
      if (!seen[t.s]) {
        seen[t.s] = true;
        out.push(t.s);
      }
    });
    return out;
  }

  /* ------------------------------------------------------------ matching */
  function Matcher(data) {
    var filler = {};
    (data.filler || []).forEach(function (w) { filler[w] = true; });
    this.filler = filler;
    this.signals = (data.signals || []).map(function (signal, index) {
      return {
        index: index,
        signal: signal,
        patterns: signal.phrases.map(function (p) { return pattern(p, filler); }).filter(function (p) { return p.length; }),
      };
    });
  }

  /**
   * Every place a signal matches: [{signal, a, b}] (a, b: character offsets in
   * the text), at most one per signal and place. All of a wording's stems must
   * stand within (number of stems + 1 or 2) content words, in one sentence, in
   * any order.
   */
  Matcher.prototype.match = function (text) {
    var tokens = tokenize(text, this.filler);
    var where = {};
    tokens.forEach(function (t, i) { (where[t.s] || (where[t.s] = [])).push(i); });
    var found = [];
    this.signals.forEach(function (entry) {
      var spans = [];
      entry.patterns.forEach(function (stems) {
        var anchor = null;
        for (var k = 0; k < stems.length; k++) {
          var list = where[stems[k]];
          if (!list) return; /* a stem is missing: no match anywhere */
          if (anchor === null || list.length < where[anchor].length) anchor = stems[k];
        }
        var slack = stems.length > 2 ? 2 : 1;
        var width = stems.length + slack;
        where[anchor].forEach(function (p) {
          var lo = p;
          var hi = p;
          for (var j = 0; j < stems.length; j++) {
            if (stems[j] === anchor) continue;
            var best = -1;
            var positions = where[stems[j]];
            for (var q = 0; q < positions.length; q++) {
              var x = positions[q];
              if (Math.abs(x - p) >= width || tokens[x].n !== tokens[p].n) continue;
              if (best < 0 || Math.abs(x - p) < Math.abs(best - p)) best = x;
            }
            if (best < 0) return;
            lo = Math.min(lo, best);
            hi = Math.max(hi, best);
          }
          if (hi - lo + 1 <= width) spans.push({ a: tokens[lo].a, b: tokens[hi].b });
        });
      });
      spans.sort(function (x, y) { return x.a - y.a || y.b - x.b; });
      var end = -1;
      spans.forEach(function (span) {
        if (span.a >= end) {
          found.push({ entry: entry, a: span.a, b: span.b });
          end = span.b;
        }
      });
    });
    found.sort(function (x, y) { return x.a - y.a || x.entry.index - y.entry.index; });
    return found;
  };

  /**
   * What the matches say: the recognised signals (first place of each, in
   * reading order), the reasons they name, and the situations ranked.
   */
  function interpret(data, found) {
    /* A wording inside a longer one of another signal that counts as much or
       more ("final stage" in "not progressing to the final stage") is part
       of the longer one, not a signal of its own. */
    found = found.filter(function (f) {
      return !found.some(function (g) {
        return g !== f && g.entry !== f.entry && g.a <= f.a && g.b >= f.b && (g.b - g.a) > (f.b - f.a) &&
          g.entry.signal.weight >= f.entry.signal.weight;
      });
    });
    var firsts = [];
    var seen = {};
    found.forEach(function (f) {
      if (!seen[f.entry.index]) {
        seen[f.entry.index] = true;
        firsts.push(f);
      }
    });
    var scores = {};
    var own = {};
    Object.keys(data.scenarios).forEach(function (id) { scores[id] = 0; own[id] = 0; });
    var reasons = [];
    firsts.forEach(function (f) {
      var s = f.entry.signal;
      if (s.kind === "scenarios" && Object.prototype.hasOwnProperty.call(scores, s.id)) {
        scores[s.id] += s.weight;
        own[s.id] += 1;
      } else if (s.kind === "reasons") {
        if (reasons.indexOf(s.id) < 0) reasons.push(s.id);
        /* In full for the situations that list the reason first, a little
           (a quarter, less further down the list) for the others. */
        Object.keys(data.scenarios).forEach(function (id) {
          var rank = data.scenarios[id].reasons.indexOf(s.id);
          if (rank === 0) scores[id] += s.weight;
          else if (rank > 0) scores[id] += s.weight / (4 * rank);
        });
      }
    });
    var ranked = Object.keys(scores).filter(function (id) { return scores[id] > 0; });
    ranked.sort(function (x, y) {
      return scores[y] - scores[x] || own[y] - own[x] ||
        data.scenarios[x].title.localeCompare(data.scenarios[y].title);
    });
    /* Situations that only a reason listed further down points to are noise
       next to a real match: keep the first, then those worth a weak signal. */
    ranked = ranked.filter(function (id, i) { return i === 0 || scores[id] >= 1; });
    return { signals: firsts, reasons: reasons, scenarios: ranked, scores: scores };
  }

  /* ------------------------------------------------------------ what the email gives away */
  /* A sign-off line: a few words ending in a comma (or nothing) that close a letter. */
  var VALEDICTION = /^(?:[A-Za-z]+[ \t]+){0,3}(?:regards|wishes|thanks|thank you|best|cheers|sincerely|faithfully|luck(?:[ \t]+with[ \t]+everything)?|care|soon|warmly)[ \t]*[,.!]?$/i;
  var INLINE_VALEDICTION = /(?:^|[.!?][ \t]+)(?:(?:[Kk]ind(?:est)?|[Bb]est|[Ww]arm|[Mm]any)[ \t]+)?(?:[Rr]egards|[Ww]ishes|[Tt]hanks|[Bb]est|[Cc]heers)[ \t]*,[ \t]*([A-Z][a-z'\u2019-]+)[ \t]*$/;
  var NOT_A_NAME = /^(?:The|Team|Talent|Recruitment|Recruiting|Human|HR|People|Hiring|Careers|Sent|From|On|Best|Kind|Regards|Thanks|Dear|Hi|Hello|Mr|Mrs|Ms|Miss|Dr)$/;
  var TEAM_LINE = /\b(?:Team|Recruitment|Recruiting|Talent|HR|Careers|Resources|Department|Services|Ltd|Limited|plc|Inc|Council)\b/;
  var COMPANY_LAZY = "([A-Z][\\w&'\u2019-]*(?:[ \\t]+(?:&[ \\t]+)?[A-Z][\\w&'\u2019-]*){0,3}?)";
  var COMPANY = "([A-Z][\\w&'\u2019-]*(?:[ \\t]+(?:&[ \\t]+)?[A-Z][\\w&'\u2019-]*){0,3})";
  var ROLE_NAME = "([A-Z][\\w&/+-]*(?:[ \\t]+(?:[A-Z0-9&][\\w&/+-]*|of|and|in)){0,5})";
  var ROLE_WORDS = "(?:role|position|post|vacancy|job|opening|opportunity)";
  var TEAM_WORDS = "(?:(?:Graduate|Early)[ \\t]+)?(?:Talent[ \\t]+Acquisition|Talent|Recruitment|Recruiting|Hiring|HR|People|Careers)(?:[ \\t]+Team)?";

  function unquote(text) {
    return text.replace(/^[ \t]*(?:>[ \t]?)+/gm, "");
  }

  function tidy(value) {
    return value.replace(/\s+/g, " ").replace(/^[\s"'\u201c\u2018]+|[\s"'\u201d\u2019.,;:!?]+$/g, "").trim();
  }

  function escape(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function firstMatch(text, patterns) {
    for (var i = 0; i < patterns.length; i++) {
      var m = patterns[i].exec(text);
      if (m && m[1] && tidy(m[1])) return tidy(m[1]);
    }
    return null;
  }

  /** The role, the company and the contact's first name, where the email states them. */
  function details(raw) {
    var text = unquote(raw);
    var role = firstMatch(text, [
      new RegExp("\\b" + ROLE_WORDS + " of " + ROLE_NAME),
      new RegExp("\\b(?:for|as|regarding|re|about)\\s+(?:the|our|a|an)\\s+" + ROLE_NAME + "[ \\t]+" + ROLE_WORDS + "\\b"),
      new RegExp("\\bthe\\s+" + ROLE_NAME + "[ \\t]+" + ROLE_WORDS + "\\b"),
      /^subject:[^\n]*?(?:application|interview|candidacy)[^\n]*?(?:for|[-\u2013\u2014:])[ \t]*(?:the[ \t]+)?([A-Z][^\n,(]{2,60}?)(?:[ \t]+(?:role|position|post))?(?:[ \t]+(?:at|with)[ \t]+[^\n]*)?[ \t]*$/im,
      new RegExp("\\bapplication for (?:the )?" + ROLE_NAME),
    ]);
    if (role && /^(?:The|This|That|Our|Your)\b/.test(role)) role = null;
    var company = firstMatch(text, (role ? [new RegExp(escape(role) + "(?:[ \\t]+" + ROLE_WORDS + ")?[ \\t]+(?:at|with)[ \\t]+" + COMPANY + "(?=[\\s.,;:!?]|$)")] : []).concat([
      new RegExp("\\b" + ROLE_WORDS + "[ \\t]+(?:here[ \\t]+)?(?:at|with)[ \\t]+" + COMPANY + "(?=[\\s.,;:!?]|$)"),
      new RegExp("\\b(?:interest in|here at|everyone at|the team at|all of us at|on behalf of|interviewing with|applying to|apply to|joining|our client,)[ \\t]+" + COMPANY + "(?=[\\s.,;:!?]|$)"),
      new RegExp("^(?:The[ \\t]+)?" + COMPANY_LAZY + "[ \\t]+" + TEAM_WORDS + "[ \\t]*$", "m"),
      new RegExp("^The[ \\t]+" + COMPANY_LAZY + "[ \\t]+[Tt]eam[ \\t]*$", "m"),
    ]));
    if (company && /^(?:We|I|You|The|Our|This|Team|Dear|Hi)$/.test(company)) company = null;
    var name = null;
    var lines = text.split(/\r?\n/);
    for (var i = lines.length - 1; i >= 0 && !name; i--) {
      var line = lines[i].trim();
      var inline = INLINE_VALEDICTION.exec(line);
      if (inline && !NOT_A_NAME.test(inline[1])) {
        name = inline[1];
      } else if (line && VALEDICTION.test(line)) {
        for (var j = i + 1; j < lines.length; j++) {
          var next = lines[j].trim();
          if (!next) continue;
          var m = /^([A-Z][a-z'\u2019-]+)\b/.exec(next);
          if (m && !NOT_A_NAME.test(m[1]) && !TEAM_LINE.test(next)) name = m[1];
          break;
        }
      }
    }
    if (!name) {
      /* no sign-off word, only a first name on the last line ("Jo") */
      var last = lines.map(function (l) { return l.trim(); }).filter(Boolean).pop() || "";
      if (/^[A-Z][a-z'\u2019-]+$/.test(last) && !NOT_A_NAME.test(last)) name = last;
    }
    if (!name) {
      var from = /^from:[ \t]*"?([A-Z][a-z'\u2019-]+)[ \t]+[A-Z]/im.exec(text);
      if (from && !NOT_A_NAME.test(from[1])) name = from[1];
    }
    return { role: role, company: company, name: name };
  }

  /* ------------------------------------------------------------ the page */
  function Decoder(root, data) {
    this.root = root;
    this.data = data;
    this.matcher = new Matcher(data);
    this.links = {};
    var self = this;
    Array.prototype.forEach.call(root.parentNode.querySelectorAll("a[data-nr-ref]"), function (a) {
      var ref = a.getAttribute("data-nr-ref");
      if (!self.links[ref]) self.links[ref] = a.href;
    });
    this.build();
  }

  Decoder.prototype.build = function () {
    var self = this;
    var uid = "nr-decoder";
    this.input = h("textarea", {
      id: uid + "-input", class: "nr-decoder__input", rows: 9, spellcheck: "false", autocomplete: "off",
      "aria-describedby": uid + "-hint",
    });
    var clear = h("button", { type: "button", class: "md-button nr-decoder__clear", text: _("Clear") });
    this.results = h("div", { class: "nr-decoder__results", hidden: true });
    this.none = h("div", { class: "nr-decoder__none", hidden: true });
    this.live = h("p", { class: "nr-decoder__live", role: "status", "aria-live": "polite" });
    var app = h("div", { class: "nr-decoder__app" }, [
      h("label", { class: "nr-decoder__label", for: uid + "-input", text: _("Paste the email, or type a line of it") }),
      h("p", { class: "nr-decoder__hint", id: uid + "-hint", text: _("It stays on this page: nothing you paste is sent anywhere or saved.") }),
      this.input,
      h("div", { class: "nr-decoder__controls" }, [clear]),
      this.live,
      this.none,
      this.results,
    ]);
    var nojs = this.root.querySelector(".nr-decoder__nojs");
    if (nojs) nojs.hidden = true;
    this.root.insertBefore(app, this.root.firstChild);

    var renderTimer = null;
    var announceTimer = null;
    this.input.addEventListener("input", function () {
      clearTimeout(renderTimer);
      clearTimeout(announceTimer);
      renderTimer = setTimeout(function () { self.update(); }, RENDER_DELAY);
      announceTimer = setTimeout(function () { self.announce(); }, ANNOUNCE_DELAY);
    });
    clear.addEventListener("click", function () {
      self.input.value = "";
      self.update();
      self.announce();
      self.input.focus();
    });
  };

  /** Read the text now (also called by the benchmark and the tests). */
  Decoder.prototype.read = function (text) {
    var found = this.matcher.match(text);
    var result = interpret(this.data, found);
    result.found = found;
    result.details = details(text);
    return result;
  };

  Decoder.prototype.update = function () {
    var text = this.input.value;
    var empty = !text.trim();
    this.lastText = text; /* what the results below are for (tests wait on it) */
    var result = empty ? null : this.read(text);
    this.result = result;
    this.results.textContent = "";
    this.none.textContent = "";
    this.results.hidden = empty || !result.signals.length;
    this.none.hidden = empty || !!result.signals.length;
    if (empty) return;
    if (!result.signals.length) this.renderNone();
    else this.renderResults(text, result);
  };

  Decoder.prototype.renderNone = function () {
    var finder = this.links.finder;
    this.none.appendChild(h("p", { class: "nr-decoder__none-text", text: _("We did not recognise any of the usual phrases in this text. That is common: many rejection emails say very little.") }));
    if (finder) {
      this.none.appendChild(h("p", {}, [
        h("a", { href: finder, text: _("Answer a few quick questions") }),
        " " + _("to find your situation instead."),
      ]));
    }
  };

  Decoder.prototype.renderResults = function (text, result) {
    var self = this;
    var data = this.data;
    var box = this.results;

    /* 1. The phrases, marked in the text, and what each usually means. */
    box.appendChild(h("h2", { id: "nr-decoder-found", text: _("What we recognised") }));
    var echo = h("div", {
      class: "nr-decoder__echo", tabindex: "0", role: "region", "aria-label": _("Your email, with the recognised phrases marked"),
    });
    var at = 0;
    this.merge(result.found).forEach(function (span) {
      if (span.a > at) echo.appendChild(document.createTextNode(text.slice(at, span.a)));
      echo.appendChild(h("mark", { class: "nr-decoder__mark", text: text.slice(span.a, span.b) }));
      at = span.b;
    });
    if (at < text.length) echo.appendChild(document.createTextNode(text.slice(at)));
    box.appendChild(echo);

    var list = h("ul", { class: "nr-decoder__phrases" });
    result.signals.forEach(function (f) {
      var s = f.entry.signal;
      var ref = s.kind + "/" + s.id;
      var title = s.kind === "reasons" ? data.reasons[s.id].title : (data.scenarios[s.id] || {}).title;
      var quote = text.slice(f.a, f.b).replace(/\s*\n[\s>]*/g, " ");
      list.appendChild(h("li", { class: "nr-decoder__phrase" }, [
        h("q", { class: "nr-decoder__quote", text: quote }),
        h("span", { class: "nr-decoder__means", text: ": " + s.means + " " }),
        self.links[ref] && title ? h("a", { href: self.links[ref], "data-nr-result": ref, text: title }) : null,
      ]));
    });
    box.appendChild(list);

    /* 2. The situations, most likely first. */
    var top = result.scenarios.slice(0, TOP);
    if (top.length) {
      box.appendChild(h("h2", { text: _("Most likely situations") }));
      var ol = h("ol", { class: "nr-decoder__situations" });
      top.forEach(function (id) {
        var s = data.scenarios[id];
        ol.appendChild(h("li", {}, [
          h("a", { href: self.links["scenarios/" + id], "data-nr-situation": id, text: s.title }),
          ": " + s.summary,
        ]));
      });
      box.appendChild(ol);

      /* 3. The reply to send: the first situation's first template, prefilled. */
      var scenario = data.scenarios[top[0]];
      var template = data.templates[scenario.template];
      var href = this.links["templates/" + scenario.template];
      if (template && href) {
        var fields = template.fields;
        var values = {};
        Object.keys(scenario.prefill || {}).forEach(function (k) { values[k] = scenario.prefill[k]; });
        var d = result.details;
        var given = [];
        if (d.role && fields.indexOf("role") >= 0) { values.role = d.role; given.push(_("the role ({value})", { value: d.role })); }
        if (d.company && fields.indexOf("company") >= 0) { values.company = d.company; given.push(_("the company ({value})", { value: d.company })); }
        var nameField = ["greeting", "contact_name", "recruiter_name"].filter(function (f) { return fields.indexOf(f) >= 0; })[0];
        if (d.name && nameField) { values[nameField] = d.name; given.push(_("their name ({value})", { value: d.name })); }
        var url = new URL(href);
        Object.keys(values).forEach(function (k) { url.searchParams.set(k, values[k]); });
        box.appendChild(h("h2", { text: _("The reply to send") }));
        box.appendChild(h("p", { class: "nr-decoder__reply" }, [
          h("a", { href: url.href, class: "md-button md-button--primary", "data-nr-reply": scenario.template, text: template.title }),
        ]));
        box.appendChild(h("p", {
          class: "nr-decoder__given",
          text: given.length
            ? _("It opens with what the email gives away filled in: {list}. Check them before you send it.", { list: given.join(", ") })
            : _("Fill in the blanks there: the email did not name the role, the company or the sender in a way we could pick out."),
        }));
      }
    }
  };

  /** Overlapping matches as one marked stretch of text. */
  Decoder.prototype.merge = function (found) {
    var spans = found.map(function (f) { return { a: f.a, b: f.b }; }).sort(function (x, y) { return x.a - y.a; });
    var out = [];
    spans.forEach(function (s) {
      var last = out[out.length - 1];
      if (last && s.a <= last.b) last.b = Math.max(last.b, s.b);
      else out.push(s);
    });
    return out;
  };

  Decoder.prototype.announce = function () {
    var r = this.result;
    var message = "";
    if (r && !r.signals.length) message = _("No usual phrases recognised.");
    else if (r) {
      message = r.signals.length === 1
        ? _("1 phrase recognised.")
        : _("{count} phrases recognised.", { count: r.signals.length });
      if (r.scenarios.length) message += " " + _("Most likely: {title}.", { title: this.data.scenarios[r.scenarios[0]].title });
    }
    if (message !== this.live.textContent) this.live.textContent = message;
  };

  function init() {
    var root = document.querySelector(".nr-decoder[data-nr-decoder]");
    if (!root || root.getAttribute("data-nr-ready")) return;
    var data;
    try {
      data = JSON.parse(root.getAttribute("data-nr-decoder"));
    } catch (e) {
      return; /* the phrasebook stays as it is */
    }
    root.setAttribute("data-nr-ready", "1");
    root.nrDecoder = new Decoder(root, data);
  }

  /* For tests and the benchmark: the matcher without the page. */
  window.NextRound.decoder = { Matcher: Matcher, interpret: interpret, details: details, stem: stem };

  window.NextRound.onPage(init);
})();
