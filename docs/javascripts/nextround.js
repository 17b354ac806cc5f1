/* Next Round: all our scripts, one file: shared helpers (NextRound.h, _,
 * storage, onPage), then each feature (template pages, finder, plans, home
 * search, search fallback). Each feature only acts on pages that hold its
 * elements. No network, no storage until the reader opts in. */
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
   * document$, otherwise once the document is ready. Each init runs in a task
   * of its own (setTimeout 0) rather than inside the theme's start-up work on
   * DOMContentLoaded, so no feature lengthens that long task: the page stays
   * responsive while it starts (Lighthouse's total blocking time counts only
   * the part of a task over 50 ms). An init still waiting when instant
   * navigation shows another page is dropped: that page's own follows. */
  var shown = 0;
  var pages$ = window.document$ && typeof window.document$.subscribe === "function" ? window.document$ : null;
  if (pages$) {
    pages$.subscribe(function () {
      shown += 1;
    });
  }
  function onPage(init) {
    function soon() {
      var page = shown;
      var args = arguments;
      setTimeout(function () {
        if (page === shown) init.apply(null, args);
      }, 0);
    }
    if (pages$) {
      pages$.subscribe(soon);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", soon);
    } else {
      soon();
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

/* ==================================================================== template-page.js */
/* Next Round: interactive email-template pages (/templates/<id>/).
 *
 * Each template page holds <div class="nr-template" data-nr-template="{JSON}">
 * with the template data (generated from content/templates/<id>.yml) and,
 * inside it, .nr-template__plain: the no-JavaScript version. This script
 * builds the form, preview and actions from the JSON and hides the plain
 * version. Plain ES2017, no libraries, no network.
 *
 * Privacy: nothing leaves the browser. Nothing is written to localStorage
 * until the reader ticks "Remember my details on this device"; every key
 * starts with "nextround:".
 * Safety: whatever the reader types (or a link puts in the query) is only
 * ever used as text (textContent, .value, encodeURIComponent).
 */
(function () {
  "use strict";

  if (window.__nextroundTemplatePage) return;
  window.__nextroundTemplatePage = true;

  var PREFIX = "nextround:";
  var KEY_REMEMBER = PREFIX + "remember";
  var KEY_FIELD = PREFIX + "field:";
  var MAILTO_LIMIT = 1800;
  var PLACEHOLDER = /\{([^{}]*)\}/g;
  var EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
  /* Input purpose (WCAG 1.3.5) for fields about the reader themself. */
  var AUTOCOMPLETE = { your_name: "name", your_email: "email", your_phone: "tel", your_profile_url: "url" };

  /* ------------------------------------------------------------ helpers */
  var h = window.NextRound.h;
  var _ = window.NextRound._;

  var storage = window.NextRound.storage;

  function lsGet(key) {
    var ls = storage();
    try {
      return ls ? ls.getItem(key) : null;
    } catch (e) {
      return null;
    }
  }

  function lsSet(key, value) {
    var ls = storage();
    try {
      if (!ls) return false;
      if (value === null) ls.removeItem(key);
      else ls.setItem(key, value);
      return true;
    } catch (e) {
      return false;
    }
  }

  /** Remove every key starting with `prefix`; returns false when storage is unusable. */
  function lsClear(prefix) {
    var ls = storage();
    try {
      if (!ls) return false;
      for (var i = ls.length - 1; i >= 0; i--) {
        var key = ls.key(i);
        if (key && key.indexOf(prefix) === 0) ls.removeItem(key);
      }
      return true;
    } catch (e) {
      return false;
    }
  }

  function utf8(text) {
    return new TextEncoder().encode(text);
  }

  function hex2(byte) {
    return (byte < 16 ? "0" : "") + byte.toString(16).toUpperCase();
  }

  function base64(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s);
  }

  function countWords(text) {
    var words = text.trim().split(/\s+/);
    return words[0] === "" ? 0 : words.length;
  }


  /* ------------------------------------------------------------ the email */
  /** Split a template string into segments: literal text, filled values and blanks. */
  function segments(template, fields, values, oneLine) {
    var out = [];
    var last = 0;
    template.replace(PLACEHOLDER, function (match, name, offset) {
      if (offset > last) out.push({ text: template.slice(last, offset) });
      var field = fields[name];
      if (!field) out.push({ text: match });
      else {
        var value = (values[name] || "").trim();
        if (oneLine) value = value.replace(/\s*[\r\n]+\s*/g, " ");
        if (value) out.push({ text: value, field: name });
        else out.push({ text: "[" + field.label + "]", field: name, blank: true });
      }
      last = offset + match.length;
      return match;
    });
    if (last < template.length) out.push({ text: template.slice(last) });
    return out;
  }

  function joinText(segs) {
    return segs.map(function (s) { return s.text; }).join("");
  }

  /** The email as it stands: subject and paragraphs as segments, plus plain text. */
  function compose(data, state) {
    var fields = {};
    data.fields.forEach(function (f) { fields[f.name] = f; });
    var subject = segments(data.subject, fields, state.values, true);
    var paragraphs = data.body
      .filter(function (part) {
        if (part.option && !state.options[part.option]) return false;
        if (part.tone && part.tone !== state.tone) return false;
        return true;
      })
      .map(function (part) { return segments(part.text, fields, state.values, false); });
    var blanks = [];
    [subject].concat(paragraphs).forEach(function (segs) {
      segs.forEach(function (s) {
        if (s.blank && blanks.indexOf(s.text) < 0) blanks.push(s.text);
      });
    });
    var body = paragraphs.map(joinText).join("\n\n").replace(/\r\n?/g, "\n");
    var to = data.recipient ? (state.values[data.recipient] || "").trim() : "";
    return {
      subjectSegments: subject,
      paragraphs: paragraphs,
      subject: joinText(subject),
      body: body,
      to: EMAIL.test(to) ? to : "",
      blanks: blanks,
    };
  }

  /** mailto: URI (RFC 6068): percent-encoded, line breaks as %0D%0A. */
  function mailtoUrl(email) {
    var to = email.to ? encodeURIComponent(email.to).replace(/%40/g, "@") : "";
    return "mailto:" + to +
      "?subject=" + encodeURIComponent(email.subject) +
      "&body=" + encodeURIComponent(email.body.replace(/\n/g, "\r\n"));
  }

  function plainText(email) {
    var head = (email.to ? _("To: {address}", { address: email.to }) + "\n" : "") + _("Subject: {subject}", { subject: email.subject }) + "\n\n";
    return (head + email.body + "\n").replace(/\n/g, "\r\n");
  }

  /** Subject header: folded ASCII, or RFC 2047 encoded words (UTF-8, base64). */
  function subjectHeader(subject) {
    var tokens = subject.split(" ");
    var ascii = /^[\x20-\x7e]*$/.test(subject) && subject.indexOf("=?") < 0 &&
      tokens.every(function (t) { return t.length <= 60; });
    if (ascii) {
      var lines = [];
      var line = "Subject:";
      tokens.forEach(function (t) {
        if (t && line.length + 1 + t.length > 78 && line !== "Subject:") {
          lines.push(line);
          line = " " + t;
        } else line += " " + t;
      });
      lines.push(line);
      return lines.join("\r\n");
    }
    var words = [];
    var chunk = "";
    var size = 0;
    Array.from(subject).forEach(function (ch) {
      var n = utf8(ch).length;
      if (size + n > 39) {
        words.push(chunk);
        chunk = "";
        size = 0;
      }
      chunk += ch;
      size += n;
    });
    if (chunk || !words.length) words.push(chunk);
    return "Subject: " + words.map(function (w) {
      return "=?UTF-8?B?" + base64(utf8(w)) + "?=";
    }).join("\r\n ");
  }

  /** Quoted-printable (RFC 2045) of UTF-8 text, lines of at most 76 characters. */
  function quotedPrintable(text) {
    return text.split("\n").map(function (line) {
      var bytes = utf8(line);
      var out = "";
      var cur = "";
      for (var i = 0; i < bytes.length; i++) {
        var b = bytes[i];
        var last = i === bytes.length - 1;
        var enc = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last)
          ? String.fromCharCode(b)
          : "=" + hex2(b);
        if (cur.length + enc.length > 75) {
          out += cur + "=\r\n";
          cur = "";
        }
        cur += enc;
      }
      return out + cur;
    }).join("\r\n");
  }

  function rfc5322Date(d) {
    var days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var off = -d.getTimezoneOffset();
    var sign = off < 0 ? "-" : "+";
    off = Math.abs(off);
    return days[d.getDay()] + ", " + pad(d.getDate()) + " " + months[d.getMonth()] + " " + d.getFullYear() + " " +
      pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds()) + " " +
      sign + pad(Math.floor(off / 60)) + pad(off % 60);
  }

  /** An unsent draft (RFC 5322 + MIME) that mail programs open; CRLF line endings. */
  function emlText(email) {
    var headers = [];
    if (email.to) headers.push("To: " + email.to);
    headers.push(
      subjectHeader(email.subject),
      "Date: " + rfc5322Date(new Date()),
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=UTF-8",
      "Content-Transfer-Encoding: quoted-printable",
      "X-Unsent: 1"
    );
    return headers.join("\r\n") + "\r\n\r\n" + quotedPrintable(email.body) + "\r\n";
  }

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.rel = "noopener";
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); }, 30000);
  }

  function copyText(text) {
    function fallback() {
      var area = h("textarea", { readonly: true, "aria-hidden": "true", tabindex: "-1" });
      area.value = text;
      area.style.position = "fixed";
      area.style.top = "0";
      area.style.left = "-9999px";
      document.body.appendChild(area);
      var active = document.activeElement;
      area.select();
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (e) {
        ok = false;
      }
      document.body.removeChild(area);
      if (active && active.focus) active.focus();
      return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
    }
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(fallback);
    }
    return fallback();
  }

  /* ------------------------------------------------------------ the page */
  function init(root) {
    if (root.getAttribute("data-nr-ready")) return;
    var data;
    try {
      data = JSON.parse(root.getAttribute("data-nr-template"));
    } catch (e) {
      return; /* keep the plain version */
    }
    if (!data || !Array.isArray(data.fields) || !Array.isArray(data.body)) return;
    root.setAttribute("data-nr-ready", "1");

    var uid = "nr-" + String(data.id || "template").replace(/[^a-z0-9-]/gi, "");
    var plain = root.querySelector(".nr-template__plain");
    var state = { values: {}, options: {}, tone: data.tones && data.tones.length ? data.tones[0].id : null };
    var inputs = {};
    var remembered = data.fields.filter(function (f) { return f.remember; });

    /* -- form: fields */
    var form = h("form", { class: "nr-form", "aria-labelledby": uid + "-fill", novalidate: true });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    form.appendChild(h("h2", { id: uid + "-fill", text: _("Fill in the blanks") }));
    form.appendChild(h("p", {
      class: "nr-form__intro",
      text: _("The preview below updates as you type. What you type stays in your browser: it is not sent anywhere."),
    }));

    data.fields.forEach(function (f) {
      var id = uid + "-field-" + f.name;
      /* The example goes in the hint, never in the box: a placeholder reads
       * like a value already filled in, and vanishes as the reader types. */
      var hintText = [f.hint, f.example ? _("For example: {example}", { example: f.example }) : null]
        .filter(Boolean).join(" ");
      var hint = hintText ? h("p", { class: "nr-field__hint", id: id + "-hint", text: hintText }) : null;
      var attrs = {
        id: id,
        name: f.name,
        class: "nr-field__input",
        "aria-describedby": hint ? id + "-hint" : null,
        "aria-required": f.required ? "true" : null,
        autocomplete: AUTOCOMPLETE[f.name] || null,
        spellcheck: f.name === data.recipient ? "false" : null,
      };
      var input;
      if (f.multiline) {
        attrs.rows = "4";
        input = h("textarea", attrs);
      } else {
        attrs.type = f.name === data.recipient ? "email" : "text";
        input = h("input", attrs);
      }
      inputs[f.name] = input;
      var label = h("label", { for: id, class: "nr-field__label" }, [
        f.label,
        " ",
        h("span", { class: "nr-field__flag", text: f.required ? _("(required)") : _("(optional)") }),
      ]);
      form.appendChild(h("div", { class: "nr-field" }, [label, hint, input]));
    });

    /* -- form: optional parts and tone */
    if (data.options && data.options.length) {
      var opts = h("fieldset", { class: "nr-choices" }, [h("legend", { text: _("Optional parts") })]);
      data.options.forEach(function (o) {
        state.options[o.id] = !!o.default;
        var box = h("input", { type: "checkbox", id: uid + "-option-" + o.id, name: "option", value: o.id });
        box.checked = !!o.default;
        box.addEventListener("change", function () {
          state.options[o.id] = box.checked;
          update();
        });
        opts.appendChild(h("div", { class: "nr-check" }, [box, h("label", { for: box.id, text: o.label })]));
      });
      form.appendChild(opts);
    }
    if (data.tones && data.tones.length > 1) {
      var tones = h("fieldset", { class: "nr-choices" }, [h("legend", { text: _("Tone") })]);
      data.tones.forEach(function (t, i) {
        var radio = h("input", { type: "radio", id: uid + "-tone-" + t.id, name: uid + "-tone", value: t.id });
        radio.checked = i === 0;
        radio.addEventListener("change", function () {
          if (radio.checked) {
            state.tone = t.id;
            update();
          }
        });
        tones.appendChild(h("div", { class: "nr-check" }, [radio, h("label", { for: radio.id, text: t.label })]));
      });
      form.appendChild(tones);
    }

    /* -- form: remember on this device */
    var rememberBox = null;
    var rememberStatus = null;
    if (remembered.length && storage()) {
      rememberBox = h("input", { type: "checkbox", id: uid + "-remember", "aria-describedby": uid + "-remember-hint" });
      var forget = h("button", { type: "button", class: "nr-btn nr-btn--small", text: _("Forget my details") });
      rememberStatus = h("p", { class: "nr-status", role: "status", "aria-live": "polite" });
      var names = remembered.map(function (f) { return f.label; }).join(", ");
      form.appendChild(h("fieldset", { class: "nr-choices nr-remember" }, [
        h("legend", { text: _("Your details") }),
        h("div", { class: "nr-check" }, [
          rememberBox,
          h("label", { for: rememberBox.id, text: _("Remember my details on this device") }),
        ]),
        h("p", {
          class: "nr-field__hint",
          id: uid + "-remember-hint",
          text: _("Saves only these fields in this browser, to fill them in on other templates: {names}. Nothing is sent anywhere.", { names: names }),
        }),
        forget,
        rememberStatus,
      ]));
      rememberBox.addEventListener("change", function () {
        if (rememberBox.checked) {
          lsSet(KEY_REMEMBER, "1");
          remembered.forEach(function (f) { saveField(f.name); });
          say(rememberStatus, _("Remembering your details on this device: {names}.", { names: names }));
        } else {
          lsSet(KEY_REMEMBER, null);
          lsClear(KEY_FIELD);
          say(rememberStatus, _("Your details are no longer saved on this device."));
        }
      });
      forget.addEventListener("click", function () {
        var ok = lsClear(PREFIX);
        rememberBox.checked = false;
        say(rememberStatus, ok
          ? _("Forgotten: nothing from Next Round is saved on this device now. The form keeps what you typed until you leave this page.")
          : _("Your browser did not let us clear its storage."));
      });
    }

    function saveField(name) {
      if (!rememberBox || !rememberBox.checked) return;
      var value = inputs[name].value.trim();
      lsSet(KEY_FIELD + name, value ? value : null);
    }

    /* -- preview */
    var previewSubject = h("span", { class: "nr-preview__subject" });
    var previewBody = h("div", { class: "nr-preview__body" });
    var counts = h("p", { class: "nr-preview__counts" });
    var preview = h("section", { class: "nr-preview", "aria-labelledby": uid + "-preview" }, [
      h("h2", { id: uid + "-preview", text: _("Preview") }),
      h("div", { class: "nr-preview__mail" }, [
        h("p", { class: "nr-preview__line" }, [h("strong", { text: _("Subject:") }), " ", previewSubject]),
        previewBody,
      ]),
      counts,
    ]);

    /* -- actions */
    var status = h("p", { class: "nr-status", role: "status", "aria-live": "polite" });
    var copySubject = h("button", { type: "button", class: "nr-btn", text: _("Copy subject") });
    var copyBody = h("button", { type: "button", class: "nr-btn", text: _("Copy body") });
    var copyBoth = h("button", { type: "button", class: "nr-btn", text: _("Copy email") });
    var mailto = h("a", { class: "nr-btn nr-btn--primary nr-mailto", text: _("Open in my email app") });
    var tooLong = h("p", {
      class: "nr-mailto-too-long",
      hidden: true,
      text: _("This email is too long to open in your email app from a link. Copy it, or download it, instead."),
    });
    var saveTxt = h("button", { type: "button", class: "nr-btn", text: _("Download as text (.txt)") });
    var saveEml = h("button", { type: "button", class: "nr-btn", text: _("Download as email draft (.eml)") });
    /* The two main actions sit in a bar that stays at the bottom of the
     * screen while the reader fills in the form and reads the preview (CSS:
     * .nr-sendbar, sticky within .nr-app), so sending is always in reach. */
    var actions = h("section", { class: "nr-actions", "aria-labelledby": uid + "-send" }, [
      h("h2", { id: uid + "-send", text: _("Send it") }),
      h("div", { class: "nr-actions__row nr-sendbar" }, [mailto, copyBoth]),
      tooLong,
      status,
      h("div", { class: "nr-actions__row" }, [copySubject, copyBody]),
      h("div", { class: "nr-actions__row" }, [saveTxt, saveEml]),
    ]);

    var app = h("div", { class: "nr-app" }, [form, preview, actions]);
    if (plain) plain.hidden = true;
    root.appendChild(app);

    /* -- starting values: remembered details, then the URL query */
    if (rememberBox && lsGet(KEY_REMEMBER) === "1") {
      rememberBox.checked = true;
      remembered.forEach(function (f) {
        var value = lsGet(KEY_FIELD + f.name);
        if (value !== null) inputs[f.name].value = value;
      });
    }
    var query = new URLSearchParams(window.location.search);
    /* What the reader typed on this page in another language comes in the
     * fragment (#nr-fill=<field=value&...>, see language.js), which is never
     * sent to the server; it wins over the query, and is then taken out of
     * the address. */
    var fill = /^#nr-fill=/.test(window.location.hash) ? new URLSearchParams(decodeURIComponent(window.location.hash.slice(9))) : null;
    if (fill) history.replaceState(history.state, "", window.location.pathname + window.location.search);
    data.fields.forEach(function (f) {
      var value = fill && fill.has(f.name) ? fill.get(f.name) : query.get(f.name);
      if (value !== null) inputs[f.name].value = value;
    });

    form.addEventListener("input", function (ev) {
      var name = ev.target && ev.target.name;
      if (name && Object.prototype.hasOwnProperty.call(inputs, name) && inputs[name] === ev.target) {
        saveField(name);
        update();
      }
    });

    var current = null;
    function update() {
      data.fields.forEach(function (f) { state.values[f.name] = inputs[f.name].value; });
      current = compose(data, state);
      render(previewSubject, current.subjectSegments);
      previewBody.textContent = "";
      current.paragraphs.forEach(function (segs) {
        var p = h("p");
        render(p, segs);
        previewBody.appendChild(p);
      });
      var words = countWords(current.body);
      counts.textContent = (words === 1 ? _("1 word in the body.") : _("{count} words in the body.", { count: words })) + " " +
        (current.blanks.length
          ? (current.blanks.length === 1
            ? _("1 blank still to fill, shown in [square brackets]: {names}.", { names: current.blanks.map(function (b) { return b.slice(1, -1); }).join(", ") })
            : _("{count} blanks still to fill, shown in [square brackets]: {names}.", {
              count: current.blanks.length,
              names: current.blanks.map(function (b) { return b.slice(1, -1); }).join(", "),
            }))
          : _("Every blank is filled in."));
      var url = mailtoUrl(current);
      if (url.length > MAILTO_LIMIT) {
        mailto.removeAttribute("href");
        mailto.hidden = true;
        tooLong.hidden = false;
      } else {
        mailto.setAttribute("href", url);
        mailto.hidden = false;
        tooLong.hidden = true;
      }
    }

    function render(node, segs) {
      node.textContent = "";
      segs.forEach(function (s) {
        node.appendChild(s.blank ? h("mark", { class: "nr-blank", text: s.text }) : document.createTextNode(s.text));
      });
    }

    function blanksNote() {
      var n = current.blanks.length;
      if (!n) return "";
      return " " + (n === 1 ? _("It still has 1 blank in [square brackets] to fill in.") : _("It still has {count} blanks in [square brackets] to fill in.", { count: n }));
    }

    function copy(what, text) {
      copyText(text).then(
        function () { say(status, what + blanksNote()); },
        function () { say(status, _("Could not copy. Select the text in the preview and copy it with Ctrl+C (or Cmd+C).")); }
      );
    }

    copySubject.addEventListener("click", function () { copy(_("Copied the subject."), current.subject); });
    copyBody.addEventListener("click", function () { copy(_("Copied the body."), current.body); });
    copyBoth.addEventListener("click", function () {
      copy(_("Copied the subject and body."), _("Subject: {subject}", { subject: current.subject }) + "\n\n" + current.body);
    });
    saveTxt.addEventListener("click", function () {
      download(data.id + ".txt", "text/plain;charset=utf-8", plainText(current));
      say(status, _("Downloaded {file}.", { file: data.id + ".txt" }) + blanksNote());
    });
    saveEml.addEventListener("click", function () {
      download(data.id + ".eml", "message/rfc822", emlText(current));
      say(status, _("Downloaded {file}. Open it with your email program to send it.", { file: data.id + ".eml" }) + blanksNote());
    });

    update();
  }

  /* A status message, re-announced even when the text repeats. */
  function say(node, message) {
    node.textContent = "";
    setTimeout(function () { node.textContent = message; }, 50);
  }

  function initAll() {
    var roots = document.querySelectorAll(".nr-template[data-nr-template]");
    for (var i = 0; i < roots.length; i++) init(roots[i]);
  }

  window.NextRound.onPage(initAll);
})();

/* ==================================================================== finder.js */
/* Next Round: the guided "What happened?" finder (/finder/).
 *
 * The page holds <div class="nr-finder" data-nr-finder="{JSON}"> with the
 * questions as data (generated from content/finder.yml) and, inside it, the
 * whole flow as one short section of links per question: the no-JavaScript version. This script
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
  var _ = window.NextRound._;

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
    var tree = this.root.querySelectorAll(":scope > ul, :scope > .nr-finder__nojs");
    Array.prototype.forEach.call(tree, function (ul) {
      ul.hidden = true;
    });
    this.app = h("section", { class: "nr-finder__app", "aria-label": _("Questions") });
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
      note = _("That link did not match our questions, so we have started from the beginning.");
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
      ? _("Your situation: {title}", { title: this.data.scenarios[state.scenario].title })
      : _("Question {number}: {text}", { number: state.steps.length + 1, text: state.question.text });
    var live = this.live;
    live.textContent = "";
    window.setTimeout(function () {
      live.textContent = text;
    }, 50);
  };

  Finder.prototype.controls = function (state) {
    var buttons = [];
    if (state.steps.length) {
      buttons.push(h("button", { type: "button", class: "md-button nr-finder__back", "data-nr-action": "back", text: _("Back") }));
      buttons.push(h("button", { type: "button", class: "md-button nr-finder__restart", "data-nr-action": "restart", text: _("Start again") }));
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
      app.setAttribute("aria-label", _("Your situation"));
      app.appendChild(h("p", { class: "nr-finder__step", text: _("Your situation") }));
      app.appendChild(this.heading);
      app.appendChild(h("p", { class: "nr-finder__summary", text: s.summary }));
      app.appendChild(
        h("p", { class: "nr-finder__go" }, [
          h("a", { class: "md-button md-button--primary nr-finder__plan", href: this.links[state.scenario], text: _("See your plan") }),
        ])
      );
      var answers = h(
        "ul",
        { class: "nr-finder__answered" },
        state.steps.map(function (step) {
          return h("li", {}, [step.answer.label]);
        })
      );
      app.appendChild(h("div", { class: "nr-finder__recap" }, [h("p", { text: _("Your answers:") }), answers]));
    } else {
      var q = state.question;
      var previous = this.chosen[key];
      var hintId = q.hint ? "nr-finder-hint" : null;
      this.heading = h("h2", { class: "nr-finder__heading", id: "nr-finder-heading", tabindex: "-1", text: q.text });
      app.setAttribute("aria-label", _("Questions"));
      app.appendChild(h("p", { class: "nr-finder__step", text: _("Question {number}", { number: state.steps.length + 1 }) }));
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
        if (was) button.appendChild(h("span", { class: "nr-finder__badge", text: _("Your answer") }));
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
      return; /* the sections of links stay: the page still works */
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

/* ==================================================================== plan.js */
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
  var _ = window.NextRound._;

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
    /* Ticks carried from this plan in another language (#nr-ticks=today-1.this-week-2,
     * see language.js): the same steps in the same places, in other words (so
     * other fingerprints). Ticked here, kept in this language's words, and
     * taken out of the address. */
    if (/^#nr-ticks=/.test(window.location.hash)) {
      var carried = window.location.hash.slice(10).split(".");
      history.replaceState(history.state, "", window.location.pathname + window.location.search);
      boxes.forEach(function (box) { box.checked = carried.indexOf(box.getAttribute("data-nr-step")) !== -1; });
      save(key, boxes.filter(function (b) { return b.checked; }).map(stepKey));
    }

    var progress = h("span", { class: "nr-plan__progress" });
    var note = h("span", { class: "nr-plan__note" }, _("Your ticks are kept in this browser, on this device only."));
    var reset = h("button", { type: "button", class: "md-button nr-plan__reset" }, _("Reset my plan"));
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
      progress.textContent = _("{done} of {total} steps done.", { done: done, total: boxes.length });
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
        live.textContent = _("Your plan is reset: every step is unticked and nothing is stored.");
      }, 50);
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".nr-plan[data-nr-plan]"), setup);
  }

  window.NextRound.onPage(init);
})();

/* ==================================================================== home.js */
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

/* ==================================================================== search fallback */
/* Next Round: a way on when a search finds nothing.
 *
 * Material's search dialog (overrides/partials/search.html) holds a hidden
 * .nr-search-help block: a hint to use fewer words, the finder and the most
 * common situations. This shows it while the reader has typed something and
 * Material's result list is empty with its "no results" line (the theme's
 * own text, given as data-nr-none), and hides it otherwise. It watches the
 * result list (Material re-renders it on every answer from its search
 * worker), so nothing of the theme is forked. Plain ES2017, no network.
 */
(function () {
  "use strict";

  if (window.__nextroundSearchHelp) return;
  window.__nextroundSearchHelp = true;

  function setup() {
    var help = document.querySelector(".nr-search-help");
    var result = document.querySelector("[data-md-component=search-result]");
    var query = document.querySelector("input[data-md-component=search-query]");
    if (!help || !result || !query || help.getAttribute("data-nr-ready") === "true") return;
    help.setAttribute("data-nr-ready", "true");
    var none = help.getAttribute("data-nr-none") || "";
    var meta = result.querySelector(".md-search-result__meta");
    var list = result.querySelector(".md-search-result__list");

    function update() {
      var empty = !list || list.children.length === 0;
      var said = meta ? meta.textContent.trim() : "";
      help.hidden = !(query.value.trim() && empty && said === none.trim());
    }

    new MutationObserver(update).observe(result, { childList: true, subtree: true, characterData: true });
    query.addEventListener("input", update);
    update();
  }

  window.NextRound.onPage(setup);
})();

/* ====================================================================== decoder loader */
/* "What did they mean?" needs a larger script (javascripts/decoder.js): it is
 * loaded from this site, only on the page that has the decoder, so other
 * pages stay light. It works from file:// too (a script element, not fetch). */
(function () {
  "use strict";

  function load() {
    if (window.__nextroundDecoder || document.getElementById("nr-decoder-script")) return;
    if (!document.querySelector(".nr-decoder[data-nr-decoder]")) return;
    var base = window.__md_scope || new URL(".", location.href);
    var script = document.createElement("script");
    script.id = "nr-decoder-script";
    var named = document.querySelector('meta[name="nr-decoder-script"]');
    script.src = new URL((named && named.getAttribute("content")) || "javascripts/decoder.js", base).href;
    document.head.appendChild(script);
  }

  window.NextRound.onPage(load);
})();

/* ==================================================================== language.js */
/* Next Round: the language links (overrides/partials/alternate.html, the
 * same page in another language) keep what the reader was doing:
 *   - the finder's answers: the address's query (?a=...), as it is;
 *   - on a template page, what the reader typed, in the fragment
 *     (#nr-fill=field=value&...), which the template page reads like its
 *     ?field=value prefill. A fragment is never sent to the server (nor in a
 *     Referer), so what the reader typed stays in their browser;
 *   - on a plan, which steps are ticked, by place (#nr-ticks=today-1...):
 *     the ticks are kept under "nextround:plan:<id>", the same key in every
 *     language, but each tick also holds its step's wording (so a reworded
 *     step starts unticked), which differs between languages.
 * Only same-origin (or file://) links are touched; nothing is stored or
 * sent. The href is set at click time (so a middle click or "open in new
 * tab" gets it too, through pointerdown and focus), in the capture phase,
 * and the click goes no further: a language switch is a full page load (the
 * other edition has its own search, catalogue and <html lang>), and
 * Material's own language handler would otherwise send it to the other
 * language's home page and drop the query. Plain ES2017, no network. */
(function () {
  "use strict";

  if (window.__nextroundLanguage) return;
  window.__nextroundLanguage = true;

  /* The same page in the link's language, relative to this page. The link's
   * href was written for the page the header came with, and instant
   * navigation keeps the header (it would then lead to the equivalent of the
   * first page seen, or to a missing page); it does swap the head's
   * <link rel="alternate" hreflang> pairs, which name this page and its
   * equivalents: the path from one to the other is the answer (wherever the
   * site is served, file:// too). Without them (the error page), the href. */
  function equivalent(link) {
    var lang = link.getAttribute("data-nr-language") || "";
    var mine = document.documentElement.getAttribute("lang") || "";
    if (!/^[A-Za-z-]+$/.test(lang) || !/^[A-Za-z-]+$/.test(mine)) return link.getAttribute("href");
    var self = document.querySelector('head link[rel="alternate"][hreflang="' + mine + '"]');
    var other = document.querySelector('head link[rel="alternate"][hreflang="' + lang + '"]');
    if (!self || !other) return link.getAttribute("href");
    var from = new URL(self.href).pathname.split("/");
    var to = new URL(other.href).pathname.split("/");
    from.pop(); /* the page's file name ("" for a folder's page) */
    var i = 0;
    while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
    return new Array(from.length - i + 1).join("../") + to.slice(i).join("/") || "./";
  }

  function carried(link) {
    var plain = equivalent(link);
    var here = new URL(window.location.href);
    var target = new URL(plain, here);
    if (target.origin !== here.origin || target.protocol !== here.protocol) return plain;
    target.search = "";
    target.hash = "";
    var template = document.querySelector(".nr-template[data-nr-template]");
    var fields = [];
    if (template) {
      try {
        fields = (JSON.parse(template.getAttribute("data-nr-template")).fields || []).map(function (f) { return f.name; });
      } catch (e) {
        fields = [];
      }
    }
    /* the query as it is (the finder's answers), less the template's fields */
    var query = new URLSearchParams(here.search);
    fields.forEach(function (name) { query.delete(name); });
    query.delete("h"); /* Material's search highlight: words of this language */
    target.search = query.toString();
    var fill = new URLSearchParams();
    fields.forEach(function (name) {
      var input = template.querySelector('[name="' + name.replace(/["\\]/g, "") + '"]');
      if (input && typeof input.value === "string" && input.value !== "") fill.set(name, input.value);
    });
    var out = target.pathname + target.search;
    if (target.protocol === "file:") out = target.href.split("#")[0];
    if (fill.toString()) return out + "#nr-fill=" + encodeURIComponent(fill.toString());
    var ticks = Array.prototype.map.call(document.querySelectorAll(".nr-plan input[type=checkbox][data-nr-step]:checked"), function (box) {
      return box.getAttribute("data-nr-step");
    }).filter(function (id) { return /^[a-z0-9-]+$/.test(id); });
    return ticks.length ? out + "#nr-ticks=" + ticks.join(".") : out;
  }

  function update(ev) {
    var link = ev.target && ev.target.closest ? ev.target.closest("a[data-nr-language]") : null;
    if (!link) return null;
    link.setAttribute("href", carried(link));
    return link;
  }

  document.addEventListener("click", function (ev) {
    if (update(ev)) ev.stopPropagation();
  }, true);
  ["pointerdown", "focusin", "contextmenu"].forEach(function (type) {
    document.addEventListener(type, update, true);
  });
  /* After each (instant) page change, the plain link is this page's equivalent. */
  window.NextRound.onPage(function () {
    Array.prototype.forEach.call(document.querySelectorAll("a[data-nr-language]"), function (link) {
      link.setAttribute("href", equivalent(link));
    });
  });
})();

