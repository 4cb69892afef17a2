/* casebook: the "Propose a case" form.
   Built from the description of the case fields that the page carries as JSON
   (the data block in the form's element, written by casebook/form.py from the schema table), so every field,
   limit, vocabulary and message is the validator's own. Nothing is sent anywhere: the result
   is a YAML file to copy, download or hand to GitHub's new-file page. A draft stays in
   localStorage. */
(function () {
  "use strict";

  var DRAFT_KEY = "casebook-propose-draft";
  var PICKER_LIMIT = 8;
  var uid = 0;

  // --- small helpers ----------------------------------------------------------------------

  function fmt(template, values) {
    return template.replace(/\{\{|\}\}|\{(\w+)\}/g, function (m, name) {
      if (m === "{{") return "{";
      if (m === "}}") return "}";
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : m;
    });
  }

  // The form's words, in the site's language: the page's data gives them (`propose_form.FORM_WORDS`).
  var WORDS = {};
  function say(key, values) {
    return fmt(Object.prototype.hasOwnProperty.call(WORDS, key) ? WORDS[key] : key, values || {});
  }

  // A sentence of the form's words with elements at its `{name}` places (a link, a file name).
  function placed(parent, template, nodes) {
    template.split(/(\{\w+\})/).forEach(function (part) {
      var name = /^\{(\w+)\}$/.exec(part);
      if (name && nodes[name[1]]) parent.appendChild(nodes[name[1]]);
      else if (part) parent.appendChild(document.createTextNode(part));
    });
    return parent;
  }

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var v = attrs[key];
      if (v === null || v === undefined || v === false) return;
      if (key === "text") node.textContent = v;
      else if (key === "class") node.className = v;
      else node.setAttribute(key, v === true ? "" : v);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function nextId(stem) { uid += 1; return "cbf-" + stem + "-" + uid; }
  function isEmpty(v) { return v === undefined || v === null || (typeof v === "string" && !v.trim()); }
  function codePoints(s) { return Array.from(s).length; }
  function quoted(v) { return "'" + v + "'"; }

  function slugify(title) {
    var text = title.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase().replace(/'/g, "");
    return text.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/^-+|-+$/g, "");
  }

  // How alike two strings are, as Python's difflib.SequenceMatcher(None, a, b).ratio() says
  // (no junk: the validator's words are short), so "did you mean" suggests what it does.
  function ratio(a, b) {
    var b2j = {};
    for (var j = 0; j < b.length; j++) (b2j[b[j]] = b2j[b[j]] || []).push(j);
    function matched(alo, ahi, blo, bhi) {
      var besti = alo, bestj = blo, bestsize = 0, j2len = {};
      for (var i = alo; i < ahi; i++) {
        var next = {};
        (b2j[a[i]] || []).forEach(function (j) {
          if (j < blo || j >= bhi) return;
          var k = (j2len[j - 1] || 0) + 1;
          next[j] = k;
          if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
        });
        j2len = next;
      }
      if (!bestsize) return 0;
      return bestsize + matched(alo, besti, blo, bestj) + matched(besti + bestsize, ahi, bestj + bestsize, bhi);
    }
    var total = a.length + b.length;
    return total ? 2 * matched(0, a.length, 0, b.length) / total : 1;
  }

  /** problems.did_you_mean: the same letters in another case, or the closest value (difflib, cutoff 0.5). */
  function didYouMean(word, choices) {
    word = String(word);
    var lower = word.toLowerCase(), best = null, bestScore = 0.5;
    for (var i = 0; i < choices.length; i++) {
      if (choices[i].toLowerCase() === lower) return say("didYouMean", { value: choices[i] });
    }
    choices.forEach(function (choice) {
      var score = ratio(word, choice);
      if (score > bestScore || (score === bestScore && (best === null || choice > best))) { best = choice; bestScore = score; }
    });
    return best === null ? "" : say("didYouMean", { value: best });
  }

  // --- the validator's checks, with its messages --------------------------------------------

  function Checker(data) {
    var M = data.messages;
    var pd = data.personal_data;

    function personal(text) {
      var found = [];
      if (text.indexOf("@") !== -1 && new RegExp(pd.email, "i").test(text)) found.push(say("emailAddress"));
      if ((text.match(/\d/g) || []).length >= pd.phone_digits) {
        var masked = text.replace(new RegExp(pd.date, "g"), function (m) { return " ".repeat(m.length); });
        var re = new RegExp(pd.phone, "g"), m;
        while ((m = re.exec(masked)) !== null) {
          if ((m[0].match(/\d/g) || []).length >= pd.phone_digits) { found.push(say("phoneNumber")); break; }
        }
      }
      return found.map(function (what) { return { text: fmt(M["personal-data"], { what: what }), level: "warning" }; });
    }

    function error(rule, values) { return { text: fmt(M[rule], values || {}), level: "error" }; }

    /** Messages for one non-empty value of a simple kind, as `casebook validate` words them. */
    function value(kind, raw) {
      var v = String(raw), t = v.trim(), out = [];
      switch (kind.kind) {
        case "text":
          if (t.indexOf(data.placeholder) === 0) out.push(error("placeholder", { placeholder: data.placeholder }));
          if (kind.max_length && codePoints(t) > kind.max_length) {
            out.push(error("too-long", { length: codePoints(t), max: kind.max_length }));
          }
          if (kind.one_line && t.indexOf("\n") !== -1) out.push(error("one-line"));
          if (kind.pattern && !new RegExp(kind.pattern).test(v)) out.push(error("pattern", { value: v, hint: kind.pattern_hint }));
          return out.concat(personal(v));
        case "choice":
          if (v.indexOf(data.placeholder) === 0) {
            return [{ text: say("placeholderChoice", { placeholder: data.placeholder, values: kind.values.join(", ") }), level: "error" }];
          }
          if (kind.values.indexOf(v) === -1) {
            out.push(error("enum", { noun: kind.noun, value: v, did_you_mean: didYouMean(v, kind.values), allowed: kind.values.join(", ") }));
          }
          return out;
        case "date":
          if (!new RegExp(kind.pattern).test(v)) return [error("date", { value: quoted(v) })];
          var parts = v.split("-").map(Number).concat([1, 1]);
          var d = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
          if (parts[1] < 1 || parts[1] > 12 || d.getUTCDate() !== parts[2] || parts[0] < 1) return [error("real-date", { value: v })];
          return out;
        case "url":
          var m = /^([A-Za-z][A-Za-z0-9+.\-]*):\/\/([^\/?#]*)/.exec(t);
          if (!m || ["http", "https"].indexOf(m[1].toLowerCase()) === -1 || !m[2] || /\s/.test(t)) out.push(error("url", { value: v }));
          return out;
        case "ref":
          if (v.indexOf(data.placeholder) === 0) return [{ text: say("placeholderId", { placeholder: data.placeholder, kind: kind.target_noun }), level: "error" }];
          if (!new RegExp(kind.pattern).test(v)) out.push(error("id", { value: v, target: kind.target_noun }));
          return out;
        case "integer":
          var n = Number(t);
          if (!/^-?\d+$/.test(t)) return [{ text: say("expectedFound", { expected: kind.describe, found: quoted(v) }), level: "error" }];
          if (n < kind.minimum || (kind.maximum !== null && n > kind.maximum)) {
            out.push(error("range", { value: n, minimum: kind.minimum, top: kind.maximum !== null ? say("rangeTo", { num: kind.maximum }) : say("rangeMore") }));
          }
          return out;
        default:
          return out;
      }
    }

    return { value: value, error: error, messages: M };
  }

  // --- Markdown preview, by the site's rules ---------------------------------------------------

  function makeRenderer(data) {
    var schemes = data.url_schemes || ["http", "https", "mailto"];
    // Links keep only the allowed schemes; a link that is not allowed stays the text typed.
    var md = window.markdownit({ html: true, linkify: false, typographer: false });
    // As the site's renderer does, raw HTML is parsed as HTML so it ends where HTML would,
    // then shown as the characters typed.
    md.renderer.rules.html_block = function (tokens, idx) { return md.utils.escapeHtml(tokens[idx].content); };
    md.renderer.rules.html_inline = function (tokens, idx) { return md.utils.escapeHtml(tokens[idx].content); };
    md.validateLink = function (url) {
      var scheme = /^([A-Za-z][A-Za-z0-9+.\-]*):/.exec(url.trim());
      return !scheme || schemes.indexOf(scheme[1].toLowerCase()) !== -1;
    };
    // Links keep no title, as on the site (a theme may turn a title into HTML).
    md.renderer.rules.link_open = function (tokens, idx, options, env, self) {
      tokens[idx].attrs = (tokens[idx].attrs || []).filter(function (a) { return a[0] !== "title"; });
      return self.renderToken(tokens, idx, options);
    };
    // Images become links named by their description, as contributors' images do on the site.
    md.renderer.rules.image = function (tokens, idx, options, env, self) {
      var token = tokens[idx];
      var alt = self.renderInlineAsText(token.children, options, env);
      return '<a href="' + md.utils.escapeHtml(token.attrGet("src")) + '">' + md.utils.escapeHtml(alt || token.attrGet("src")) + "</a>";
    };
    // The page's own headings come first: a contributor's heading starts at level three.
    md.core.ruler.push("casebook_headings", function (state) {
      state.tokens.forEach(function (token) {
        if (token.type === "heading_open" || token.type === "heading_close") {
          token.tag = "h" + Math.min(Number(token.tag.slice(1)) + 2, 6);
        }
      });
    });
    return function (text) { return md.render(text || ""); };
  }

  // The previewer's library (about 45 KB compressed) is fetched the first time a preview opens,
  // not with the form: most readers never open one, and a correction opens without it.
  function Preview(data, src) {
    var ready = null;
    return function (text) {
      if (!ready) {
        ready = (typeof window.markdownit === "function" ? Promise.resolve() : window.casebookLoadScript(src))
          .then(function () { return makeRenderer(data); });
        ready.catch(function () { ready = null; });  // opening the preview again tries again
      }
      return ready.then(function (render) { return render(text); });
    };
  }

  // --- widgets: one per kind of value -------------------------------------------------------

  function Form(root, data, checker, preview) {
    var state = { showAll: false, onChange: function () {} };

    function slot() { return h("p", { class: "casebook-field-error", id: nextId("msg") }); }

    // Whether an empty field is a problem: always when required, or when its record says so
    // (`required_if`: the record sets opts.needed as it checks its fields).
    function needed(opts) { return opts.needed !== undefined ? opts.needed : !!opts.required; }
    // In the form's words: the label it shows, not the file's key.
    function missing(opts) {
      if (opts.labelCondition) return { text: say("neededWhen", { label: opts.label, condition: opts.labelCondition }), level: "error" };
      return { text: say("required", { label: opts.label }), level: "error" };
    }

    function show(widget, messages) {
      var visible = widget.touched || state.showAll;
      var shown = visible ? messages : [];
      var seen = {};
      widget.slot.textContent = "";
      shown.forEach(function (m) {
        if (seen[m.text]) return;
        seen[m.text] = true;
        widget.slot.appendChild(h("span", { class: "casebook-message casebook-message--" + m.level }, [
          h("span", { class: "casebook-message-level", text: m.level === "error" ? say("error") : say("warning") }), m.text,
        ]));
      });
      var hasError = shown.some(function (m) { return m.level === "error"; });
      if (widget.control) widget.control.setAttribute("aria-invalid", hasError ? "true" : "false");
      return { errors: messages.filter(function (m) { return m.level === "error"; }).length, warnings: messages.length };
    }

    function touchOn(widget, node) {
      ["input", "change"].forEach(function (type) {
        node.addEventListener(type, function () { widget.touched = true; state.onChange(); });
      });
      node.addEventListener("blur", function () {
        if (!widget.touched && !isEmpty(node.value)) { widget.touched = true; state.onChange(); }
      });
    }

    function helpText(field) {
      // The label says "required"; the help says what kind of value, as `casebook new` does.
      var text = field.doc + " (" + (field.required || field.condition ? "" : say("optional")) + (field.help_type || field.type) + ")";
      var kind = field.kind;
      if (field.example !== null && field.example !== undefined && kind.kind !== "choice") {
        var ex = Array.isArray(field.example) && typeof field.example[0] !== "object" ? field.example.join(", ") :
          typeof field.example === "object" ? null : String(field.example);
        if (ex) text += say("example", { example: ex });
      }
      return text;
    }

    /** A scalar: text box, text area, choice list, date, address, id or number. */
    function scalar(kind, opts) {
      var id = nextId(opts.name || "v");
      var widget = { slot: slot(), touched: false };
      var control;
      if (kind.kind === "choice") {
        control = h("select", { id: id });
        control.appendChild(h("option", { value: "", text: opts.required ? say("choose") : say("none") }));
        kind.values.forEach(function (v, i) { control.appendChild(h("option", { value: v, text: kind.labels[i] })); });
      } else if (kind.kind === "text" && !kind.one_line) {
        control = h("textarea", { id: id, rows: kind.markdown ? 7 : 3, spellcheck: "true" });
      } else {
        var type = kind.kind === "url" ? "url" : kind.kind === "integer" ? "number" : "text";
        control = h("input", {
          id: id, type: type, inputmode: kind.kind === "date" ? "numeric" : null,
          placeholder: kind.kind === "date" ? "YYYY-MM-DD" : kind.kind === "url" ? "https://" : null,
          list: kind.kind === "ref" && opts.datalist ? opts.datalist : null,
          autocomplete: "off",
        });
      }
      if (opts.label) control.setAttribute("aria-label", opts.label);
      control.setAttribute("aria-describedby", [opts.help, widget.slot.id].filter(Boolean).join(" "));
      widget.control = control;
      var parts = [control];
      var render = null;
      if (kind.kind === "text" && kind.markdown && preview) {
        var body = h("div", { class: "casebook-prose casebook-preview-body" });
        var details = h("details", { class: "casebook-preview" }, [
          h("summary", { text: opts.label ? say("previewOf", { label: opts.label }) : say("preview") }), body,
        ]);
        render = function () {
          if (!details.open) return;
          var text = control.value;
          preview(text).then(function (html) {
            if (control.value === text) body.innerHTML = html;  // a later keystroke renders its own
          }, function () {
            body.textContent = say("previewFailed");
          });
        };
        details.addEventListener("toggle", render);
        control.addEventListener("input", render);
        parts.push(details);
      }
      parts.push(widget.slot);
      widget.el = h("div", { class: "casebook-control" }, parts);
      touchOn(widget, control);
      widget.focus = function () { control.focus(); };
      widget.get = function () {
        var v = control.value;
        if (isEmpty(v)) return undefined;
        if (kind.kind === "integer" && /^-?\d+$/.test(v.trim())) return Number(v.trim());
        if (kind.kind === "text" && kind.markdown) return v.replace(/\s+$/, "");
        return kind.kind === "text" && !kind.pattern ? v.trim() : v;
      };
      widget.set = function (v) {
        v = v === undefined || v === null ? "" : String(v);
        if (kind.kind === "choice" && v && kind.values.indexOf(v) === -1) {
          control.appendChild(h("option", { value: v, text: say("notAllowed", { value: v }) }));
          widget.touched = true;
        }
        control.value = v;
        if (render) render();
      };
      widget.check = function (extra) {
        var v = control.value, messages = [];
        if (isEmpty(v)) {
          if (needed(opts)) messages.push(missing(opts));
        } else {
          messages = checker.value(kind, v);
        }
        return show(widget, messages.concat(extra || []));
      };
      return widget;
    }

    /** Several values picked from a vocabulary, as check boxes. */
    function checkboxes(kind, opts) {
      var item = kind.item;
      // The values keep the order they were chosen in (or written in, for a correction).
      var widget = { slot: slot(), touched: false, boxes: [], order: [] };
      var group = h("div", { class: "casebook-choices" });
      function add(value, text) {
        var box = h("input", { type: "checkbox", value: value, id: nextId("opt") });
        box.addEventListener("change", function () {
          widget.order = widget.order.filter(function (v) { return v !== value; });
          if (box.checked) widget.order.push(value);
        }, true);
        touchOn(widget, box);
        widget.boxes.push(box);
        group.appendChild(h("label", { class: "casebook-choice" }, [box, " " + text]));
        return box;
      }
      item.values.forEach(function (v, i) { add(v, item.labels[i]); });
      widget.el = h("div", { class: "casebook-control" }, [group, widget.slot]);
      widget.focus = function () { widget.boxes[0].focus(); };
      widget.get = function () {
        var checked = widget.boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
        var chosen = widget.order.filter(function (v) { return checked.indexOf(v) !== -1; });
        checked.forEach(function (v) { if (chosen.indexOf(v) === -1) chosen.push(v); });
        return chosen.length ? chosen : undefined;
      };
      widget.set = function (values) {
        values = Array.isArray(values) ? values.map(String) : [];
        values.forEach(function (v) {
          if (item.values.indexOf(v) === -1 && !widget.boxes.some(function (b) { return b.value === v; })) {
            add(v, say("notAllowed", { value: v }));
            widget.touched = true;  // say at once what is wrong with what was loaded
          }
        });
        widget.boxes.forEach(function (b) { b.checked = values.indexOf(b.value) !== -1; });
        widget.order = values.slice();
      };
      widget.check = function () {
        var chosen = widget.get() || [], messages = [];
        if (!chosen.length && needed(opts)) messages.push(missing(opts));
        else if (chosen.length && chosen.length < kind.min_items) messages.push(checker.error("min-items", { count: kind.min_items, s: kind.min_items === 1 ? "" : "s" }));
        chosen.forEach(function (v) { messages = messages.concat(checker.value(item, v)); });
        return show(widget, messages);
      };
      return widget;
    }

    /** A mapping of fields, each with its label, help and message. */
    function record(kind, opts) {
      var widget = { slot: slot(), touched: false, fields: [] };
      var box = h("div", { class: "casebook-record" });
      kind.fields.forEach(function (field) {
        var f = fieldBox(field, kind.name, opts.path ? opts.path + "." + field.name : field.name);
        widget.fields.push(f);
        box.appendChild(f.el);
      });
      widget.el = box;
      widget.focus = function () { widget.fields[0].widget.focus(); };
      widget.get = function () {
        var out = {}, any = false;
        widget.fields.forEach(function (f) {
          var v = f.widget.get();
          if (v !== undefined) { out[f.field.name] = v; any = true; }
        });
        return any ? out : undefined;
      };
      widget.set = function (value) {
        value = value && typeof value === "object" ? value : {};
        widget.fields.forEach(function (f) { f.widget.set(value[f.field.name]); });
      };
      widget.check = function () {
        var total = { errors: 0, warnings: 0 };
        var value = widget.get() || {};
        widget.fields.forEach(function (f) {
          var when = f.field.required_if;
          if (when) {
            f.opts.needed = when[1] === null ? value[when[0]] === undefined : value[when[0]] === when[1];
            f.opts.condition = f.field.condition;
          }
          var r = f.widget.check();
          total.errors += r.errors;
          total.warnings += r.warnings;
        });
        return total;
      };
      widget.invalid = function () {
        for (var i = 0; i < widget.fields.length; i++) {
          var w = widget.fields[i].widget;
          var inner = w.invalid && w.invalid();
          if (inner) return inner;
          if (w.slot && w.slot.querySelector(".casebook-message--error")) return w;
        }
        return null;
      };
      return widget;
    }

    /** A list: repeatable groups or rows, with Add and Remove; lessons get a searchable picker. */
    function list(kind, opts) {
      var item = kind.item;
      var long = item.kind === "oneof" ? item.long : item.kind === "record" ? item : null;
      var picker = item.kind === "oneof" && long && long.fields[0] && long.fields[0].kind.kind === "ref" &&
        long.fields[0].kind.target === "lesson";
      var widget = { slot: slot(), touched: false, items: [] };
      var rows = h("ol", { class: "casebook-items" });
      var noun = long ? long.title : (opts.label || "item").toLowerCase();

      function renumber() {
        widget.items.forEach(function (it, i) {
          if (it.legend) it.legend.textContent = it.title ? it.title() : say("numbered", { label: label(noun), num: i + 1 });
          it.remove.textContent = say("remove");
          it.remove.setAttribute("aria-label", say("removeOne", { item: it.title ? it.title() : say("numbered", { label: noun, num: i + 1 }) }));
          if (it.widget.control && !long) it.widget.control.setAttribute("aria-label", say("numbered", { label: opts.label, num: i + 1 }));
        });
      }

      function addItem(value, lessonId) {
        var it = { remove: h("button", { type: "button", class: "casebook-remove md-button" }) };
        var li = h("li", { class: "casebook-item" });
        if (long) {
          var fields = long;
          if (picker) fields = { kind: "record", name: long.name, fields: long.fields.slice(1) };
          it.widget = record(fields, { path: opts.path + "[]" });
          var legend = h("legend");
          it.legend = legend;
          if (picker) {
            it.lessonId = lessonId;
            it.title = function () {
              var known = data.lessons.filter(function (l) { return l.id === it.lessonId; })[0];
              return known ? known.title : it.lessonId;
            };
            it.idSlot = slot();
            it.idWidget = { slot: it.idSlot, touched: true };
          }
          var parts = [legend];
          if (picker) parts.push(h("p", { class: "casebook-item-id" }, [h("code", { text: lessonId })]), it.idSlot);
          parts.push(it.widget.el, it.remove);
          li.appendChild(h("fieldset", { class: "casebook-group" }, parts));
          if (value && typeof value === "object") it.widget.set(value);
        } else {
          it.widget = scalar(item, { name: opts.name, label: opts.label, datalist: opts.datalist, required: false });
          li.className += " casebook-row";
          li.appendChild(it.widget.el);
          li.appendChild(it.remove);
          if (value !== undefined) it.widget.set(value);
        }
        it.li = li;
        it.remove.addEventListener("click", function () {
          var at = widget.items.indexOf(it);
          widget.items.splice(at, 1);
          li.remove();
          renumber();
          widget.touched = true;
          state.onChange();
          var next = widget.items[at] || widget.items[at - 1];
          (next ? next.remove : addButton || search).focus();
        });
        widget.items.push(it);
        rows.appendChild(li);
        renumber();
        return it;
      }

      var addButton = null, search = null, results = null;
      var parts = [rows];
      if (picker) {
        var searchId = nextId("find");
        search = h("input", { type: "search", id: searchId, autocomplete: "off", placeholder: say("findLesson") });
        results = h("ul", { class: "casebook-picker-results", id: nextId("results"), "aria-live": "polite" });
        search.setAttribute("aria-controls", results.id);
        var refresh = function () {
          var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
          var taken = widget.items.map(function (it) { return it.lessonId; });
          var found = data.lessons.filter(function (l) {
            var hay = (l.title + " " + l.id).toLowerCase();
            return taken.indexOf(l.id) === -1 && words.every(function (w) { return hay.indexOf(w) !== -1; });
          });
          results.textContent = "";
          found.slice(0, PICKER_LIMIT).forEach(function (l) {
            var b = h("button", { type: "button", class: "casebook-pick" }, [h("span", { text: say("add") }), l.title]);
            b.addEventListener("click", function () {
              var it = addItem(undefined, l.id);
              widget.touched = true;
              search.value = "";
              refresh();
              state.onChange();
              it.widget.focus();
            });
            results.appendChild(h("li", {}, [b]));
          });
          if (found.length > PICKER_LIMIT) results.appendChild(h("li", { class: "casebook-picker-more", text: say("moreLessons", { num: found.length - PICKER_LIMIT }) }));
          if (!found.length) results.appendChild(h("li", { class: "casebook-picker-more", text: say("noLesson") }));
        };
        search.addEventListener("input", refresh);
        widget.refresh = refresh;
        parts.push(h("div", { class: "casebook-picker" }, [
          h("label", { for: searchId, text: say("findToAdd") }), search, results,
        ]));
      } else {
        addButton = h("button", { type: "button", class: "casebook-add md-button", text: long ? say("addOne", { item: noun }) : say("addAnother") });
        if (!long) addButton.setAttribute("aria-label", say("addAnotherTo", { label: opts.label }));
        addButton.addEventListener("click", function () {
          var it = addItem();
          state.onChange();
          it.widget.focus();
        });
        parts.push(addButton);
      }
      parts.push(widget.slot);
      widget.el = h("div", { class: "casebook-control casebook-list" }, parts);
      widget.focus = function () { (widget.items[0] ? widget.items[0].widget : { focus: function () { (search || addButton).focus(); } }).focus(); };

      function itemValue(it) {
        var v = it.widget.get();
        if (!picker) return v;
        if (v === undefined) return it.lessonId;
        var out = { id: it.lessonId };
        Object.keys(v).forEach(function (k) { out[k] = v[k]; });
        return out;
      }
      widget.get = function () {
        var values = widget.items.map(itemValue).filter(function (v) { return v !== undefined; });
        return values.length ? values : undefined;
      };
      widget.set = function (values) {
        widget.items.slice().forEach(function (it) { it.li.remove(); });
        widget.items = [];
        (Array.isArray(values) ? values : []).forEach(function (v) {
          if (picker) {
            var obj = typeof v === "object" && v ? v : { id: String(v) };
            addItem(obj, String(obj.id));
          } else {
            addItem(v);
          }
        });
        var least = long ? kind.min_items : Math.max(kind.min_items, 1);
        if (!picker) while (widget.items.length < least) addItem();
        if (widget.refresh) widget.refresh();
      };
      widget.check = function () {
        var values = widget.items.map(itemValue);
        var present = values.filter(function (v) { return v !== undefined; });
        var total = { errors: 0, warnings: 0 }, messages = [];
        if (!present.length && needed(opts)) messages.push(missing(opts));
        else if (present.length && present.length < kind.min_items) {
          messages.push(checker.error("min-items", { count: kind.min_items, s: kind.min_items === 1 ? "" : "s" }));
        }
        var seen = {};
        widget.items.forEach(function (it, i) {
          var extra = [];
          var key = picker ? it.lessonId : values[i];
          if ((kind.unique || picker) && typeof key === "string") {
            if (Object.prototype.hasOwnProperty.call(seen, key)) {
              var text = picker ? say("lessonTwice", { value: key, other: seen[key] + 1 }) :
                fmt(checker.messages["duplicate-item"], { value: key, other: seen[key] + 1 });
              extra.push({ text: text, level: "error" });
            } else {
              seen[key] = i;
            }
          }
          if (picker) {
            var idMessages = checker.value(long.fields[0].kind, it.lessonId);
            if (!data.lessons.some(function (l) { return l.id === it.lessonId; })) {
              idMessages.push({ text: say("unknownLesson", { value: it.lessonId }), level: "error" });
            }
            if (it.needsStance && !(it.widget.get() || {}).stance) {
              idMessages.push(checker.error("missing-stance", { id: it.lessonId }));
            }
            var r0 = show(it.idWidget, idMessages.concat(extra));
            total.errors += r0.errors;
            total.warnings += r0.warnings;
            extra = [];
          }
          var r = long ? it.widget.check() : it.widget.check(extra);
          total.errors += r.errors;
          total.warnings += r.warnings;
        });
        var own = show(widget, messages);
        total.errors += own.errors;
        total.warnings += own.warnings;
        return total;
      };
      widget.invalid = function () {
        if (widget.slot.querySelector(".casebook-message--error")) return widget;
        for (var i = 0; i < widget.items.length; i++) {
          var it = widget.items[i];
          if (it.idSlot && it.idSlot.querySelector(".casebook-message--error")) return { focus: function () { it.remove.focus(); } };
          var w = it.widget;
          var inner = w.invalid ? w.invalid() : (w.slot.querySelector(".casebook-message--error") ? w : null);
          if (inner) return inner;
        }
        return null;
      };
      widget.set([]);
      return widget;
    }

    function label(name) {
      var text = String(name).replace(/_+/g, " ").trim();
      return text.charAt(0).toUpperCase() + text.slice(1);
    }

    /** One field: its label (or legend), help from the schema, the control and its messages. */
    function fieldBox(field, recordName, path) {
      var kind = field.kind;
      var help = h("p", { class: "casebook-help", id: nextId("help"), text: helpText(field) });
      var opts = { name: field.name, field: field.name, label: field.label, labelCondition: field.label_condition,
                   record: recordName, required: field.required, help: help.id, path: path };
      var widget, el;
      var title = field.required ? say("requiredMark", { label: field.label }) :
        field.label_condition ? say("neededMark", { label: field.label, condition: field.label_condition }) : field.label;
      if (kind.kind === "record") {
        widget = record(kind, opts);
        el = h("fieldset", { class: "casebook-field casebook-field--group", "aria-describedby": help.id }, [
          h("legend", { text: title }), help, widget.el,
        ]);
        widget.slot = slot();
      } else if (kind.kind === "list") {
        if (kind.item.kind === "choice") widget = checkboxes(kind, opts);
        else {
          opts.label = field.label;
          if (kind.item.kind === "ref") opts.datalist = "cbf-ids-" + kind.item.target;
          widget = list(kind, opts);
        }
        el = h("fieldset", { class: "casebook-field casebook-field--group", "aria-describedby": help.id + " " + widget.slot.id }, [
          h("legend", { text: title }), help, widget.el,
        ]);
      } else {
        if (kind.kind === "ref") opts.datalist = "cbf-ids-" + kind.target;
        widget = scalar(kind, opts);
        el = h("div", { class: "casebook-field" }, [
          h("label", { for: widget.control.id, text: title }), help, widget.el,
        ]);
      }
      el.setAttribute("data-field", path);
      return { field: field, widget: widget, el: el, opts: opts };
    }

    return { record: record, scalar: scalar, slot: slot, show: show, touchOn: touchOn, state: state };
  }

  // --- the YAML file, in the order and style of `casebook new` ------------------------------------

  var UNPRINTABLE = /[\x7f-\x84\x86-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;
  var PLAIN = /^[a-z0-9]+([ -][a-z0-9]+)*$/;
  var YAML_WORDS = /^(y|n|yes|no|on|off|true|false|null)$/i;

  function yamlQuote(v) {
    return JSON.stringify(String(v)).replace(UNPRINTABLE, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  function yamlScalar(kind, v) {
    if (typeof v === "number") return String(v);
    if ((kind.kind === "choice" || kind.kind === "ref") && PLAIN.test(v) && !YAML_WORDS.test(v) && !/^\d+$/.test(v)) return v;
    return yamlQuote(v);
  }

  function blockOk(text) {
    UNPRINTABLE.lastIndex = 0;
    return !UNPRINTABLE.test(text) && !/^[ \t\n]/.test(text) && !/[\x00-\x08\x0b\x0c\x0e-\x1f]/.test(text);
  }

  function resolve(kind, value) {
    if (kind.kind !== "oneof") return kind;
    return value !== null && typeof value === "object" ? kind.long : kind.short;
  }

  function emitBlock(out, first, text, indent) {
    out.push(first + "|");
    text.replace(/\s+$/, "").split("\n").forEach(function (line) {
      out.push(line.replace(/\s+$/, "") ? indent + line.replace(/\s+$/, "") : "");
    });
  }

  function emitRecord(out, fields, obj, indent, first, top) {
    var known = {};
    fields.forEach(function (f) {
      known[f.name] = true;
      if (obj[f.name] === undefined) return;
      emitField(out, f.name, f.kind, obj[f.name], indent, first);
      first = indent;
      if (top) out.push("");
    });
    // Fields this form does not know (a correction of a newer file) are kept as written.
    Object.keys(obj).forEach(function (key) {
      if (known[key]) return;
      out.push(first + yamlQuote(key) + ": " + JSON.stringify(obj[key]));
      first = indent;
      if (top) out.push("");
    });
  }

  function emitField(out, name, kind, value, indent, first) {
    var k = resolve(kind, value);
    if (k.kind === "record") {
      out.push(first + name + ":");
      emitRecord(out, k.fields, value, indent + "  ", indent + "  ");
    } else if (k.kind === "list") {
      out.push(first + name + ":");
      value.forEach(function (item) { emitItem(out, k.item, item, indent + "  "); });
    } else if (k.kind === "text" && k.markdown && blockOk(value)) {
      emitBlock(out, first + name + ": ", value, indent + "  ");
    } else {
      out.push(first + name + ": " + yamlScalar(k, value));
    }
  }

  function emitItem(out, kind, item, indent) {
    var k = resolve(kind, item);
    if (k.kind === "record") emitRecord(out, k.fields, item, indent + "  ", indent + "- ");
    else if (k.kind === "text" && k.markdown && blockOk(item)) emitBlock(out, indent + "- ", item, indent + "    ");
    else if (typeof item === "object") out.push(indent + "- " + JSON.stringify(item));
    else out.push(indent + "- " + yamlScalar(k, item));
  }

  function toYaml(data, value) {
    var out = [data.schema_line];
    emitRecord(out, data.record.fields, value, "", "", true);
    while (out.length && out[out.length - 1] === "") out.pop();
    return out.join("\n") + "\n";
  }

  // --- the page ---------------------------------------------------------------------------

  function setUp(root) {
    if (root.getAttribute("data-casebook-ready")) return;
    var data = window.casebookReadData(root);
    if (!data) return;
    WORDS = data.words || {};
    root.setAttribute("data-casebook-ready", "1");
    var checker = Checker(data);
    var preview = Preview(data, root.getAttribute("data-assets") + "markdown-it.min.js");
    var F = Form(root, data, checker, preview);
    var params = new URLSearchParams(location.search);
    var correcting = params.get("case");
    var extra = {};  // fields of a corrected case that the form has no control for

    root.textContent = "";
    var form = h("form", { class: "casebook-propose", novalidate: true, "aria-label": say("formName") });

    // Known ids, for the id fields' suggestions: the lessons now, the cases once fetched (`loadIds`).
    var idLists = {};
    [["lesson", data.lessons.map(function (l) { return [l.id, l.title]; })], ["case", []]].forEach(function (pair) {
      var dl = h("datalist", { id: "cbf-ids-" + pair[0] });
      pair[1].forEach(function (o) { dl.appendChild(h("option", { value: o[0], label: o[1] || null })); });
      idLists[pair[0]] = dl;
      form.appendChild(dl);
    });
    // The case ids in use grow with the casebook: fetched once, when the reader starts to edit or
    // makes the file, never just to open the form or a correction. Until then (or should the
    // fetch fail) a file name is not checked against them; `casebook validate` still is.
    var caseIds = null, idsLoading = null;
    function loadIds() {
      if (!idsLoading) {
        idsLoading = fetch(root.getAttribute("data-ids")).then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.json();
        }).then(function (ids) {
          caseIds = Array.isArray(ids) ? ids : [];
          caseIds.forEach(function (id) { idLists["case"].appendChild(h("option", { value: id })); });
        }, function (err) {
          if (window.console) console.error(err);
          idsLoading = null;  // asked again at the next edit
        });
        idsLoading.then(function () { if (caseIds) checkId(); });
      }
      return idsLoading;
    }
    // Making the file waits for the ids a moment at most: without them it is made all the same,
    // and `casebook validate` checks the file name when the pull request comes.
    function idsOrTimeout() {
      return Promise.race([loadIds(), new Promise(function (resolve) { setTimeout(resolve, 5000); })]);
    }
    form.addEventListener("focusin", loadIds);
    form.addEventListener("input", loadIds);

    // Which draft this is: a correction of one case (`?case=`), or the new case. Each is kept
    // apart, so opening a correction never touches the new case being written, and back.
    var mode = h("p", { class: "casebook-form-mode", role: "status" });
    form.appendChild(mode);
    function showMode() {
      mode.textContent = "";
      if (correcting) {
        placed(mode, WORDS.correcting || "{file} {back}", {
          file: h("code", { text: data.cases_dir + "/" + correcting + ".yml" }),
          back: h("a", { href: location.pathname, text: say("backToNew") }),
        });
      } else {
        mode.textContent = say("writingNew");
      }
    }

    var summary = h("div", { class: "casebook-form-summary", role: "alert", tabindex: "-1", hidden: true });
    form.appendChild(summary);

    var main = F.record(data.record, {});
    form.appendChild(main.el);

    // The file name: derived from the title until edited, checked like the validator checks it.
    var titleBox = main.fields.filter(function (f) { return f.field.name === "title"; })[0];
    var idHelp = h("p", { class: "casebook-help", id: nextId("help"),
      text: say("idHelp", { folder: data.cases_dir }) });
    var idWidget = { slot: F.slot(), touched: false };
    var idInput = h("input", { type: "text", id: nextId("id"), autocomplete: "off", spellcheck: "false",
      "aria-describedby": idHelp.id + " " + idWidget.slot.id });
    idWidget.control = idInput;
    idWidget.edited = false;
    F.touchOn(idWidget, idInput);
    idInput.addEventListener("input", function () { idWidget.edited = true; });
    var idBox = h("div", { class: "casebook-field", "data-field": "id" }, [
      h("label", { for: idInput.id, text: say("fileName") }), idHelp,
      h("div", { class: "casebook-control casebook-file-name" }, [
        h("span", { "aria-hidden": "true", text: data.cases_dir + "/" }), idInput, h("span", { "aria-hidden": "true", text: ".yml" }),
      ]),
      idWidget.slot,
    ]);
    titleBox.el.parentNode.insertBefore(idBox, titleBox.el.nextSibling);
    var titleControl = titleBox.widget.control;
    // Captured, so the file name is new when the form checks itself after the title changed.
    titleControl.addEventListener("input", function () {
      if (!idWidget.edited) {
        idInput.value = slugify(titleControl.value);
        idWidget.touched = true;
      }
    }, true);
    function checkId() {
      var stem = idInput.value, messages = [];
      if (!new RegExp(data.id_pattern).test(stem)) {
        var suggestion = stem.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "my-case";
        messages.push(checker.error("file-name", { stem: stem, suggestion: suggestion, suffix: ".yml" }));
      } else if (data.reserved_ids.indexOf(stem) !== -1) {
        messages.push(checker.error("reserved-id", { stem: stem }));
      } else if (stem !== correcting && caseIds && caseIds.indexOf(stem) !== -1) {
        messages.push(checker.error("duplicate-id", { kind: data.case_noun, id: stem, path: data.cases_dir + "/" + stem + ".yml" }));
      }
      return F.show(idWidget, messages);
    }

    // A mixed case says for every lesson whether it was followed or broken.
    var verdictBox = main.fields.filter(function (f) { return f.field.name === "verdict"; })[0];
    var lessonsBox = main.fields.filter(function (f) { return f.field.name === "lessons"; })[0];
    var clearButton = h("button", { type: "button", class: "md-button casebook-clear" });
    var actions = h("div", { class: "casebook-form-actions" }, [
      h("button", { type: "submit", class: "md-button md-button--primary", text: say("makeFile") }),
      clearButton,
    ]);
    form.appendChild(actions);
    // Clearing asks first, and can be undone: the fields as they were are kept until the next edit.
    var confirmClear = h("div", { class: "casebook-form-confirm", role: "group", hidden: true,
      "aria-label": say("clearQuestion") }, [
      h("p", { class: "casebook-clear-question" }),
      h("button", { type: "button", class: "md-button casebook-clear-yes" }),
      h("button", { type: "button", class: "md-button casebook-clear-no", text: say("keep") }),
    ]);
    var undoClear = h("p", { class: "casebook-form-undo", role: "status", hidden: true }, [
      h("span", { class: "casebook-clear-done" }), " ",
      h("button", { type: "button", class: "md-button casebook-undo", text: say("undo") }),
    ]);
    form.appendChild(confirmClear);
    form.appendChild(undoClear);
    var output = h("section", { class: "casebook-form-output", hidden: true, "aria-labelledby": "casebook-output-title", tabindex: "-1" });
    form.appendChild(output);
    root.appendChild(form);

    function collect() {
      var value = main.get() || {};
      Object.keys(extra).forEach(function (k) { if (value[k] === undefined) value[k] = extra[k]; });
      return value;
    }

    function checkAll() {
      var r = main.check();
      var i = checkId();
      return { errors: r.errors + i.errors, warnings: r.warnings + i.warnings };
    }

    function draftKey() {
      return correcting ? DRAFT_KEY + ":correction:" + correcting : DRAFT_KEY;
    }

    function saveDraft() {
      try {
        localStorage.setItem(draftKey(), JSON.stringify({
          version: 2, correcting: correcting, id: idInput.value, idEdited: idWidget.edited, value: collect(),
        }));
      } catch (e) { /* storage full or blocked: the form still works */ }
    }

    function readDraft(key) {
      try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
    }

    function fill(value, id, idEdited) {
      value = value && typeof value === "object" ? value : {};
      extra = {};
      var known = data.record.fields.map(function (f) { return f.name; });
      Object.keys(value).forEach(function (k) { if (known.indexOf(k) === -1) extra[k] = value[k]; });
      main.set(value);
      idInput.value = id || (value.title ? slugify(String(value.title)) : "");
      idWidget.edited = !!idEdited;
    }

    F.state.onChange = function () {
      output.hidden = true;
      undoClear.hidden = true;
      cleared = null;
      checkAll();
      saveDraft();
    };

    // Lessons: a lesson needs a stance when the verdict is mixed.
    if (verdictBox && lessonsBox) {
      var lw = lessonsBox.widget;
      var check = lw.check;
      lw.check = function () {
        var mixed = verdictBox.widget.get() === "mixed";
        lw.items.forEach(function (it) { it.needsStance = mixed; });
        return check();
      };
    }

    var cleared = null;  // the draft as it was before the last clearing, for Undo
    // The words of clearing follow the draft that is open (a failed load turns a correction into a new case).
    function labelClear() {
      clearButton.textContent = correcting ? say("startAgain") : say("clearForm");
      confirmClear.querySelector(".casebook-clear-question").textContent = correcting
        ? say("dropQuestion") : say("clearAllQuestion");
      confirmClear.querySelector(".casebook-clear-yes").textContent = correcting ? say("drop") : say("clearAll");
      undoClear.querySelector(".casebook-clear-done").textContent = correcting ? say("dropped") : say("cleared");
    }
    clearButton.addEventListener("click", function () {
      confirmClear.hidden = false;
      undoClear.hidden = true;
      confirmClear.querySelector(".casebook-clear-no").focus();
    });
    confirmClear.querySelector(".casebook-clear-no").addEventListener("click", function () {
      confirmClear.hidden = true;
      clearButton.focus();
    });
    confirmClear.querySelector(".casebook-clear-yes").addEventListener("click", function () {
      var before = { value: collect(), id: idInput.value, idEdited: idWidget.edited, extra: extra };
      confirmClear.hidden = true;
      F.state.showAll = false;
      summary.hidden = true;
      output.hidden = true;
      if (correcting) {
        try { localStorage.removeItem(draftKey()); } catch (e) { /* nothing kept */ }
        loadCorrection(false);
      } else {
        fill({}, "", false);
        checkAll();
        saveDraft();
      }
      cleared = before;
      undoClear.hidden = false;
      undoClear.querySelector(".casebook-undo").focus();
    });
    undoClear.querySelector(".casebook-undo").addEventListener("click", function () {
      if (!cleared) return;
      loading += 1;  // a published case still on its way must not overwrite what Undo brings back
      fill(cleared.value, cleared.id, cleared.idEdited);
      checkAll();
      saveDraft();
      cleared = null;
      undoClear.hidden = true;
      titleControl.focus();
    });

    // Every error shown, in the order of the form, each linked to its field and named by its label.
    function problemList() {
      var list = h("ul", { class: "casebook-problem-list" });
      Array.prototype.slice.call(form.querySelectorAll(".casebook-message--error")).forEach(function (message) {
        var box = message.closest(".casebook-field");
        var heading = box && box.querySelector(":scope > legend, :scope > label, :scope > .casebook-label");
        var control = box && box.querySelector("input:not([type=search]), select, textarea, button");
        var name = heading ? heading.textContent.replace(/ \((required|needed [^)]*)\)$/, "") : "";
        var level = message.querySelector(".casebook-message-level");
        var said = message.textContent.slice(level ? level.textContent.length : 0);
        var text = (name ? name + ": " : "") + said;
        if (control && !control.id) control.id = nextId("field");
        list.appendChild(h("li", {}, [control ? h("a", { href: "#" + control.id, text: text }) : text]));
      });
      list.addEventListener("click", function (event) {
        var link = event.target.closest("a");
        if (!link) return;
        event.preventDefault();  // a same-page link would make the theme fetch the page again
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (target) target.focus();
      });
      return list;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      idsOrTimeout().then(makeFile);  // the file name is checked against every id in use first
    });
    function makeFile() {
      F.state.showAll = true;
      var result = checkAll();
      output.hidden = true;
      if (result.errors) {
        summary.hidden = false;
        summary.textContent = "";
        summary.appendChild(h("p", {}, [h("strong", { text: result.errors === 1 ? say("problem") : say("problems", { num: result.errors }) }),
          say("toFix")]));
        summary.appendChild(problemList());
        // Focus the first field to fix, in the order they are shown (the file name follows the title).
        var target = main.invalid();
        var titleWrong = titleBox.widget.slot.querySelector(".casebook-message--error");
        if (!titleWrong && idWidget.slot.querySelector(".casebook-message--error")) target = idInput;
        if (target) target.focus();
        return;
      }
      summary.hidden = true;
      showOutput(collect(), result.warnings);
    }

    function showOutput(value, warnings) {
      var yaml = toYaml(data, value);
      var id = idInput.value;
      var path = data.cases_dir + "/" + id + ".yml";
      output.textContent = "";
      output.appendChild(h("h2", { id: "casebook-output-title", text: say("yourFile") }));
      if (warnings) {
        output.appendChild(h("p", { class: "casebook-message casebook-message--warning",
          text: say("someWarnings") }));
      }
      output.appendChild(placed(h("p"), WORDS.saveAs || "{path}", { path: h("code", { text: path }) }));
      var text = h("textarea", { class: "casebook-yaml", readonly: true, rows: 14, "aria-label": say("theFile", { name: id + ".yml" }), spellcheck: "false" });
      text.value = yaml;
      output.appendChild(text);
      var status = h("p", { class: "casebook-copy-status", role: "status" });
      var copy = h("button", { type: "button", class: "md-button", text: say("copy") });
      copy.addEventListener("click", function () {
        var done = function () { status.textContent = say("copied"); };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(yaml).then(done, function () { text.select(); document.execCommand("copy"); done(); });
        } else { text.select(); document.execCommand("copy"); done(); }
      });
      var blob = new Blob([yaml], { type: "text/yaml;charset=utf-8" });
      var download = h("a", { class: "md-button", href: URL.createObjectURL(blob), download: id + ".yml", text: say("download", { name: id + ".yml" }) });
      var buttons = h("p", { class: "casebook-output-buttons" }, [copy, " ", download]);
      output.appendChild(buttons);
      output.appendChild(status);
      var repo = data.repo;
      if (repo) {
        var isCorrection = correcting && id === correcting;
        if (isCorrection) {
          var edit = repo.edit + "/" + path;
          buttons.appendChild(document.createTextNode(" "));
          buttons.appendChild(h("a", { class: "md-button md-button--primary", href: edit, target: "_blank", rel: "noopener", text: say("editOnGitHub") }));
          output.appendChild(steps([say("pressCopy"), say("pressEdit"), say("pasteOver"), say("commitCorrection")]));
        } else {
          var url = repo["new"] + "?filename=" + encodeURIComponent(path) + "&value=" + encodeURIComponent(yaml);
          if (url.length <= data.max_url_length) {
            buttons.appendChild(document.createTextNode(" "));
            buttons.appendChild(h("a", { class: "md-button md-button--primary casebook-open-pr", href: url, target: "_blank", rel: "noopener", text: say("openPr") }));
            output.appendChild(steps([say("pressOpenPr"), say("filledIn", { path: path }), say("createPr")]));
          } else {
            var upload = repo.upload + "/" + data.cases_dir;
            output.appendChild(placed(h("p"), WORDS.tooLong || "{upload}", {
              upload: h("a", { href: upload, target: "_blank", rel: "noopener", class: "casebook-upload", text: say("uploadOnGitHub") }) }));
            output.appendChild(steps([say("pressDownload", { name: id + ".yml" }), say("openUpload"), say("dragFile"),
                                      say("commitUpload")]));
          }
        }
      } else {
        output.appendChild(h("p", { text: say("sendFile") }));
      }
      output.hidden = false;
      output.focus();
    }

    function steps(items) {
      return h("ol", { class: "casebook-steps" }, items.map(function (t) { return h("li", { text: t }); }));
    }

    // Start: this mode's saved draft, or the case to correct as published, or an empty form.
    function start(value, id, edited) {
      fill(value, id, edited);
      checkAll();
    }
    // `initial`: the page was opened for this correction. A load that fails then starts the new case
    // instead; one asked for by "Start again" leaves the correction open, for Undo to bring back.
    var loading = 0;  // the number of the latest load; an older one that arrives late is dropped
    function loadCorrection(initial) {
      var mine = ++loading;
      start({}, "", false);
      // The case alone, from its own file in the folder `data-cases` names.
      var known = new RegExp(data.id_pattern).test(correcting);  // a path of its own: nothing else is fetched
      (known ? fetch(root.getAttribute("data-cases") + correcting + ".json") : Promise.reject(new Error("unknown case")))
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); }).then(function (c) {
        if (mine !== loading) return;
        if (!c || typeof c !== "object") throw new Error("unknown case");
        fill(c, correcting, true);
        F.state.showAll = true;
        checkAll();
        F.state.showAll = false;
        saveDraft();
        root.setAttribute("data-casebook-loaded", correcting);
      }).catch(function (err) {
        if (mine !== loading) return;
        if (window.console) console.error(err);
        summary.hidden = false;
        if (!initial) {
          summary.textContent = say("notLoadedUndo");
          return;
        }
        summary.textContent = say("notLoaded", { id: correcting });
        correcting = null;
        showMode();
        labelClear();
        var draft = readDraft(DRAFT_KEY);
        if (draft && draft.value) start(draft.value, draft.id, draft.idEdited);
      });
    }
    // A draft kept by an earlier version under the new case's key may be a correction: move it.
    var kept = readDraft(DRAFT_KEY);
    if (kept && kept.correcting) {
      try {
        if (!localStorage.getItem(DRAFT_KEY + ":correction:" + kept.correcting)) {
          localStorage.setItem(DRAFT_KEY + ":correction:" + kept.correcting, JSON.stringify(kept));
        }
        localStorage.removeItem(DRAFT_KEY);
      } catch (e) { /* storage blocked */ }
    }
    showMode();
    labelClear();
    var draft = readDraft(draftKey());
    if (draft && draft.value) {
      start(draft.value, draft.id, draft.idEdited);
      if (correcting) root.setAttribute("data-casebook-loaded", correcting);
    } else if (correcting) {
      loadCorrection(true);
    } else {
      start({}, "", false);
    }
    root.setAttribute("data-casebook-form-ready", "1");
  }

  window.casebookForm = { setUp: setUp, toYaml: toYaml, slugify: slugify };
})();
