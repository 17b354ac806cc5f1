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

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
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
    var head = (email.to ? "To: " + email.to + "\n" : "") + "Subject: " + email.subject + "\n\n";
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
    form.appendChild(h("h2", { id: uid + "-fill", text: "Fill in the blanks" }));
    form.appendChild(h("p", {
      class: "nr-form__intro",
      text: "The preview below updates as you type. What you type stays in your browser: it is not sent anywhere.",
    }));

    data.fields.forEach(function (f) {
      var id = uid + "-field-" + f.name;
      var described = [];
      var hint = null;
      if (f.hint) {
        hint = h("p", { class: "nr-field__hint", id: id + "-hint", text: f.hint });
        described.push(id + "-hint");
      }
      var attrs = {
        id: id,
        name: f.name,
        class: "nr-field__input",
        placeholder: f.example ? "e.g. " + f.example : null,
        "aria-describedby": described.length ? described.join(" ") : null,
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
        h("span", { class: "nr-field__flag", text: f.required ? "(required)" : "(optional)" }),
      ]);
      form.appendChild(h("div", { class: "nr-field" }, [label, hint, input]));
    });

    /* -- form: optional parts and tone */
    if (data.options && data.options.length) {
      var opts = h("fieldset", { class: "nr-choices" }, [h("legend", { text: "Optional parts" })]);
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
      var tones = h("fieldset", { class: "nr-choices" }, [h("legend", { text: "Tone" })]);
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
      var forget = h("button", { type: "button", class: "nr-btn nr-btn--small", text: "Forget my details" });
      rememberStatus = h("p", { class: "nr-status", role: "status", "aria-live": "polite" });
      var names = remembered.map(function (f) { return f.label; }).join(", ");
      form.appendChild(h("fieldset", { class: "nr-choices nr-remember" }, [
        h("legend", { text: "Your details" }),
        h("div", { class: "nr-check" }, [
          rememberBox,
          h("label", { for: rememberBox.id, text: "Remember my details on this device" }),
        ]),
        h("p", {
          class: "nr-field__hint",
          id: uid + "-remember-hint",
          text: "Saves only these fields in this browser, to fill them in on other templates: " + names +
            ". Nothing is sent anywhere.",
        }),
        forget,
        rememberStatus,
      ]));
      rememberBox.addEventListener("change", function () {
        if (rememberBox.checked) {
          lsSet(KEY_REMEMBER, "1");
          remembered.forEach(function (f) { saveField(f.name); });
          say(rememberStatus, "Remembering your details on this device: " + names + ".");
        } else {
          lsSet(KEY_REMEMBER, null);
          lsClear(KEY_FIELD);
          say(rememberStatus, "Your details are no longer saved on this device.");
        }
      });
      forget.addEventListener("click", function () {
        var ok = lsClear(PREFIX);
        rememberBox.checked = false;
        say(rememberStatus, ok
          ? "Forgotten: nothing from Next Round is saved on this device now. The form keeps what you typed until you leave this page."
          : "Your browser did not let us clear its storage.");
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
      h("h2", { id: uid + "-preview", text: "Preview" }),
      h("div", { class: "nr-preview__mail" }, [
        h("p", { class: "nr-preview__line" }, [h("strong", { text: "Subject:" }), " ", previewSubject]),
        previewBody,
      ]),
      counts,
    ]);

    /* -- actions */
    var status = h("p", { class: "nr-status", role: "status", "aria-live": "polite" });
    var copySubject = h("button", { type: "button", class: "nr-btn", text: "Copy subject" });
    var copyBody = h("button", { type: "button", class: "nr-btn", text: "Copy body" });
    var copyBoth = h("button", { type: "button", class: "nr-btn", text: "Copy subject and body" });
    var mailto = h("a", { class: "nr-btn nr-btn--primary nr-mailto", text: "Open in my email app" });
    var tooLong = h("p", {
      class: "nr-mailto-too-long",
      hidden: true,
      text: "This email is too long to open in your email app from a link. Copy it with the buttons above, or download it, instead.",
    });
    var saveTxt = h("button", { type: "button", class: "nr-btn", text: "Download as text (.txt)" });
    var saveEml = h("button", { type: "button", class: "nr-btn", text: "Download as email draft (.eml)" });
    var actions = h("section", { class: "nr-actions", "aria-labelledby": uid + "-send" }, [
      h("h2", { id: uid + "-send", text: "Send it" }),
      h("div", { class: "nr-actions__row" }, [copySubject, copyBody, copyBoth]),
      status,
      h("div", { class: "nr-actions__row" }, [mailto]),
      tooLong,
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
    data.fields.forEach(function (f) {
      var value = query.get(f.name);
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
      counts.textContent = plural(words, "word", "words") + " in the body. " +
        (current.blanks.length
          ? plural(current.blanks.length, "blank", "blanks") + " still to fill, shown in [square brackets]: " +
            current.blanks.map(function (b) { return b.slice(1, -1); }).join(", ") + "."
          : "Every blank is filled in.");
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
      return n ? " It still has " + plural(n, "blank", "blanks") + " in [square brackets] to fill in." : "";
    }

    function copy(what, text) {
      copyText(text).then(
        function () { say(status, "Copied the " + what + "." + blanksNote()); },
        function () { say(status, "Could not copy. Select the text in the preview and copy it with Ctrl+C (or Cmd+C)."); }
      );
    }

    copySubject.addEventListener("click", function () { copy("subject", current.subject); });
    copyBody.addEventListener("click", function () { copy("body", current.body); });
    copyBoth.addEventListener("click", function () {
      copy("subject and body", "Subject: " + current.subject + "\n\n" + current.body);
    });
    saveTxt.addEventListener("click", function () {
      download(data.id + ".txt", "text/plain;charset=utf-8", plainText(current));
      say(status, "Downloaded " + data.id + ".txt." + blanksNote());
    });
    saveEml.addEventListener("click", function () {
      download(data.id + ".eml", "message/rfc822", emlText(current));
      say(status, "Downloaded " + data.id + ".eml. Open it with your email program to send it." + blanksNote());
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
