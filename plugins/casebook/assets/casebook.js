/* casebook: filters for the case index, the way back to it from a case; when printing, open
   reveal blocks and show link addresses. The index is a complete static list without this script; the script
   only narrows it. */
(function () {
  "use strict";

  var REMEMBERED = "casebook-cases-query"; // the index's last filters, for the way back

  // The page's language, as the theme writes it into <html lang>: numbers ("8,000", "8.000")
  // and plurals follow it.
  function language() { return document.documentElement.lang || "en"; }
  function number(n) {
    try { return Number(n).toLocaleString(language()); } catch (e) { return String(n); }
  }

  // The casebook's words, in the site's language: words.js, loaded before this script, gives
  // them from the site's catalog (`casebook.i18n.words_script`); English where it has none. A
  // word with forms by number is {one, other, ...}, chosen by the language's rules.
  var ENGLISH = {
    loading: "Loading…", notLoaded: "This case did not load. ", onPage: "It is on page {page} of the cases",
    removeFilter: "Remove filter {facet}: {value}", remove: "Remove {facet}: {value}",
    showMore: "Show {n} more", notShown: " {n} not shown yet", cases: { one: "{n} case", other: "{n} cases" },
    match: { one: "{n} of {total} cases match", other: "{n} of {total} cases match" },
    show: { one: "Show {n} case", other: "Show {n} cases" }, scrolls: "Table, scrolls sideways", search: "Search"
  };
  var WORDS = Object.assign({}, ENGLISH, window.casebookWords || {});
  function say(key, values) {
    var word = WORDS[key];
    values = values || {};
    if (word && typeof word === "object") {
      var rule = "other";
      try { rule = new Intl.PluralRules(language()).select(values.n); } catch (e) { /* "other" */ }
      word = word[rule] || word.other;
    }
    return String(word).replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? (typeof values[name] === "number" ? number(values[name]) : values[name]) : whole;
    });
  }

  function toArray(list) { return Array.prototype.slice.call(list); }

  function remember(query) {
    try { sessionStorage.setItem(REMEMBERED, query); } catch (e) { /* storage may be off */ }
  }

  function remembered() {
    try { return sessionStorage.getItem(REMEMBERED) || ""; } catch (e) { return ""; }
  }

  /* The cases as data, from the index's data block (see casebook/listing.py). For each facet,
     its values, and each case's value numbers in one flat array: case `pos` has
     `codes[offsets[pos]]` up to `codes[offsets[pos + 1]]`. Counting and matching read only
     these arrays, never the page, so they stay fast however many cases there are. */
  function readColumns(data, facets) {
    return facets.map(function (f) {
      var names = data.values[f] || [], text = data.cases[f] || "", index = {};
      names.forEach(function (name, i) { index[name] = i; });
      var offsets = new Int32Array(data.total + 1), codes = new Int32Array(text.length + 1);
      var pos = 0, count = 0, value = 0, digits = 0;
      // One pass over the characters, without a string per cell: a page load makes no garbage.
      for (var i = 0; i <= text.length; i++) {
        var ch = i < text.length ? text.charCodeAt(i) : 44;
        if (ch === 44 || ch === 46) { // "," ends a case, "." a value
          if (digits) codes[count++] = value;
          value = 0; digits = 0;
          if (ch === 44 && pos < data.total) offsets[++pos] = count;
        } else {
          value = value * 36 + (ch <= 57 ? ch - 48 : ch - 87); // 0-9, a-z
          digits += 1;
        }
      }
      while (pos < data.total) offsets[++pos] = count;
      return { facet: f, names: names, index: index, offsets: offsets, codes: codes };
    });
  }

  /* One pass over the cases: which match every chosen filter (a facet matches when the case has
     any of its chosen values), and for each facet value how many cases would match if it were
     chosen too: a facet's own choices do not narrow its counts. `masks[k]` marks the chosen
     values of facet k, or is null when none is chosen. */
  function facetCounts(columns, total, masks) {
    var active = [];
    masks.forEach(function (mask, k) { if (mask) active.push(k); });
    var counts = columns.map(function (c) { return new Int32Array(c.names.length); });
    var shown = [];
    for (var pos = 0; pos < total; pos++) {
      var misses = 0, missed = -1;
      for (var a = 0; a < active.length && misses < 2; a++) {
        var k = active[a], col = columns[k], mask = masks[k], ok = false;
        for (var j = col.offsets[pos], end = col.offsets[pos + 1]; j < end; j++) {
          if (mask[col.codes[j]]) { ok = true; break; }
        }
        if (!ok) { misses += 1; missed = k; }
      }
      if (misses > 1) continue;
      if (misses === 0) shown.push(pos);
      for (var f = 0; f < columns.length; f++) {
        if (misses === 1 && f !== missed) continue;
        var c = columns[f], n = counts[f];
        for (var i = c.offsets[pos], stop = c.offsets[pos + 1]; i < stop; i++) n[c.codes[i]] += 1;
      }
    }
    return { shown: shown, counts: counts };
  }

  /* How many more cards "Show more" adds to a list. */
  var MORE = 50;

  /* The cards of the index: those in the page, and the others fetched from the card files
     beside it (`data.cardsUrl`, `data.cards` cards each) as they come near the screen.
     Until its file arrives a card is a placeholder; if the file cannot be fetched, the
     placeholder links the numbered page that lists the case. */
  // A data block (form.data_script): JSON in an array, in a script inside `holder`. The script
  // is found by its place, as Material's instant navigation replaces it by a copy without
  // attributes. Shared with form.js.
  function readData(holder) {
    var script = holder && holder.querySelector("script");
    var value = script ? JSON.parse(script.textContent) : null;
    return Array.isArray(value) ? value[0] : value;
  }
  window.casebookReadData = readData;

  function Cards(data, block) {
    var self = this;
    this.data = data;
    this.byPos = {};
    this.files = {};
    this.base = block.baseURI;
    // Every card file's items link as the numbered pages do: they share one folder.
    this.from = new URL(data.pageUrl.replace("{n}", "1"), this.base);
    this.observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) self.fetchFile(Math.floor(entry.target.casebookPos / data.cards) + 1);
      });
    }, { rootMargin: "800px 0px" }) : null;
  }
  Cards.prototype.keep = function (pos, li) { this.byPos[pos] = li; };
  Cards.prototype.get = function (pos) {
    var li = this.byPos[pos];
    if (li) return li;
    li = document.createElement("li");
    li.className = "casebook-case casebook-case--loading";
    li.setAttribute("aria-busy", "true");
    li.textContent = say("loading");
    li.casebookPos = pos;
    this.byPos[pos] = li;
    if (this.observer) this.observer.observe(li);
    else this.fetchFile(Math.floor(pos / this.data.cards) + 1);
    return li;
  };
  /* Focus the link of the card at `pos`, now or once its file has arrived. */
  Cards.prototype.focus = function (pos) {
    var link = this.byPos[pos] && this.byPos[pos].querySelector("a");
    this.focusPos = link ? null : pos;
    if (link) link.focus();
    else this.fetchFile(Math.floor(pos / this.data.cards) + 1);
  };
  Cards.prototype.fetchFile = function (n) {
    var self = this, size = this.data.cards;
    if (this.files[n]) return;
    this.files[n] = fetch(new URL(this.data.cardsUrl.replace("{n}", n), this.base)).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (items) {
      var template = document.createElement("template");
      items.forEach(function (html, i) {
        var pos = (n - 1) * size + i, old = self.byPos[pos];
        if (old && !old.classList.contains("casebook-case--loading")) return;
        template.innerHTML = html; // made by the casebook's own templates, escaped as the page is
        var li = template.content.firstElementChild;
        toArray(li.querySelectorAll("a[href]")).forEach(function (a) {
          a.href = new URL(a.getAttribute("href"), self.from).href;
        });
        self.byPos[pos] = li;
        if (old) {
          if (self.observer) self.observer.unobserve(old);
          li.hidden = old.hidden;
          old.replaceWith(li);
        }
        if (pos === self.focusPos) self.focus(pos);
      });
    }).catch(function () {
      delete self.files[n];
      for (var pos = (n - 1) * size; pos < n * size; pos++) {
        var li = self.byPos[pos];
        if (!li || !li.classList.contains("casebook-case--loading")) continue;
        if (self.observer) self.observer.unobserve(li);
        var page = Math.floor(pos / self.data.page) + 1;
        li.removeAttribute("aria-busy");
        li.textContent = say("notLoaded");
        var link = document.createElement("a");
        link.href = new URL(self.data.pageUrl.replace("{n}", page), self.base).href;
        link.textContent = say("onPage", { page: page });
        li.appendChild(link);
        delete self.byPos[pos]; // asked for again on the next change
      }
    });
  };

  function setUpFilters(form) {
    if (form.getAttribute("data-casebook-ready")) return;
    form.setAttribute("data-casebook-ready", "1");
    var bar = document.querySelector("[data-casebook-filterbar]");
    var toggle = document.querySelector("[data-casebook-toggle]");
    var chips = document.querySelector("[data-casebook-chips]");
    var status = document.querySelector("[data-casebook-status]");
    var activeCount = document.querySelector("[data-casebook-active-count]");
    var empty = document.querySelector("[data-casebook-empty]");
    var undo = document.querySelector("[data-casebook-undo]");
    var clear = document.querySelector("[data-casebook-clear]");
    var done = form.querySelector("[data-casebook-done]");
    // The facets are the index's fieldsets, so a new filter needs no change here.
    var facets = toArray(form.querySelectorAll("fieldset[data-facet]")).map(function (fs) {
      return fs.getAttribute("data-facet");
    });
    var legends = {};
    toArray(form.querySelectorAll("fieldset[data-facet]")).forEach(function (fs) {
      var legend = fs.querySelector("legend");
      legends[fs.getAttribute("data-facet")] = legend ? legend.textContent.trim() : fs.getAttribute("data-facet");
    });
    var block = document.querySelector("[data-casebook-index]");
    var data = readData(block);
    var columns = readColumns(data, facets);
    var byFacet = {}; // facet name -> its column's number
    columns.forEach(function (col, k) { byFacet[col.facet] = k; });
    var cards = new Cards(data, block);
    // Each verdict's list, what it holds and how many of its matches it shows.
    var groups = data.groups.map(function (g) {
      var list = document.querySelector('[data-casebook-list="' + g[0] + '"]');
      var more = document.querySelector('[data-casebook-more="' + g[0] + '"]');
      if (list) toArray(list.children).forEach(function (li, i) { cards.keep(g[1] + i, li); });
      return { verdict: g[0], start: g[1], end: g[1] + g[2], list: list, more: more, limit: data.shown, shown: [] };
    });
    var pager = document.querySelector("[data-casebook-pager]");
    if (pager) pager.hidden = true; // "Show more" below each list replaces the numbered pages
    var boxes = toArray(form.querySelectorAll("input[type=checkbox]"));
    var byKey = {}, countFor = {};
    boxes.forEach(function (box) { byKey[box.name + ":" + box.value] = box; });
    toArray(form.querySelectorAll("[data-count-for]")).forEach(function (el) {
      countFor[el.getAttribute("data-count-for")] = el;
    });
    var order = []; // "facet:value" of each chosen filter, oldest first

    function labelOf(box) {
      var text = box.parentNode.querySelector(".casebook-facet-label");
      return text ? text.textContent.trim() : box.value;
    }

    function chosenFilters() {
      var chosen = {};
      facets.forEach(function (f) { chosen[f] = []; });
      order = order.filter(function (key) { return byKey[key] && byKey[key].checked; });
      boxes.forEach(function (box) {
        var key = box.name + ":" + box.value;
        if (box.checked && order.indexOf(key) === -1) order.push(key);
      });
      order.forEach(function (key) { var box = byKey[key]; chosen[box.name].push(box.value); });
      return chosen;
    }

    // The table of contents, in the sidebar and in the phone's menu, lists only shown sections.
    function showInToc(heading, shown) {
      if (!heading.id) return;
      toArray(document.querySelectorAll('.md-nav--secondary a[href$="#' + heading.id + '"]')).forEach(function (link) {
        var entry = link.closest("li");
        if (entry) entry.style.display = shown ? "" : "none";
      });
    }

    function drawChips() {
      chips.textContent = "";
      order.forEach(function (key) {
        var box = byKey[key];
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "casebook-chip casebook-chip--remove";
        button.setAttribute("data-casebook-remove", key);
        button.setAttribute("aria-label", say("removeFilter", { facet: legends[box.name], value: labelOf(box) }));
        button.textContent = legends[box.name] + ": " + labelOf(box);
        var cross = document.createElement("span");
        cross.setAttribute("aria-hidden", "true");
        cross.className = "casebook-chip-x";
        cross.textContent = "×";
        button.appendChild(cross);
        item.appendChild(button);
        chips.appendChild(item);
      });
      chips.hidden = order.length === 0;
    }

    /* A group's list shows its first `limit` matching cases, in order; the cards of the others
       stay in the page, hidden, for when a filter brings them back. */
    function drawGroup(group) {
      var list = group.list;
      if (!list) return;
      var wanted = group.shown.slice(0, group.limit).map(function (pos) { return cards.get(pos); });
      var keep = new Set(wanted);
      toArray(list.children).forEach(function (li) { if (!keep.has(li)) li.hidden = true; });
      wanted.forEach(function (li) { li.hidden = false; list.appendChild(li); });
      var any = group.shown.length > 0;
      list.hidden = !any;
      var heading = list.previousElementSibling;
      if (heading && /^H[1-6]$/.test(heading.tagName)) {
        heading.hidden = !any;
        showInToc(heading, any);
      }
      var left = group.shown.length - wanted.length;
      if (group.more) {
        group.more.hidden = left <= 0;
        if (left > 0) {
          var next = Math.min(left, MORE);
          group.button.textContent = say("showMore", { n: next });
          group.note.textContent = say("notShown", { n: left });
        }
      }
    }

    function setUpMore(group) {
      if (!group.more) return;
      group.more.textContent = "";
      group.button = document.createElement("button");
      group.button.type = "button";
      group.button.className = "md-button md-button--primary";
      group.note = document.createElement("span");
      group.more.appendChild(group.button);
      group.more.appendChild(group.note);
      group.button.addEventListener("click", function () {
        var first = group.limit;
        group.limit += MORE;
        drawGroup(group);
        if (group.shown.length > first) cards.focus(group.shown[first]); // the keyboard carries on from there
      });
    }
    groups.forEach(setUpMore);

    function apply(updateUrl) {
      var chosen = chosenFilters();
      var masks = columns.map(function (col) {
        if (!chosen[col.facet].length) return null;
        var mask = new Uint8Array(col.names.length);
        chosen[col.facet].forEach(function (value) {
          if (col.index[value] !== undefined) mask[col.index[value]] = 1;
        });
        return mask;
      });
      var result = facetCounts(columns, data.total, masks);
      groups.forEach(function (group) {
        group.shown = result.shown.filter(function (pos) { return pos >= group.start && pos < group.end; });
        group.limit = data.shown;
        drawGroup(group);
      });
      boxes.forEach(function (box) {
        var key = box.name + ":" + box.value, k = byFacet[box.name];
        var code = k === undefined ? undefined : columns[k].index[box.value];
        var count = code === undefined ? 0 : result.counts[k][code];
        var label = countFor[key], text = String(count);
        if (label && label.textContent !== text) label.textContent = text; // only what changed
        var empty = count === 0 && !box.checked;
        if (box.parentNode.classList.contains("casebook-facet-empty") !== empty) {
          box.parentNode.classList.toggle("casebook-facet-empty", empty);
        }
      });
      var shown = result.shown.length;
      if (status) {
        status.textContent = shown === data.total ? say("cases", { n: shown })
          : say("match", { n: shown, total: data.total });
      }
      if (activeCount) activeCount.textContent = order.length ? " (" + order.length + ")" : "";
      // The end of the panel on a phone: close it and read the cases it leaves.
      if (done) done.textContent = say("show", { n: shown });
      drawChips();
      if (empty) {
        empty.hidden = shown !== 0;
        if (shown === 0 && order.length) {
          var last = byKey[order[order.length - 1]];
          undo.textContent = say("remove", { facet: legends[last.name], value: labelOf(last) });
          undo.setAttribute("data-casebook-remove", order[order.length - 1]);
        }
      }
      var params = new URLSearchParams();
      order.forEach(function (key) { var box = byKey[key]; params.append(box.name, box.value); });
      var query = params.toString();
      remember(query);
      if (updateUrl) {
        history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
    }

    function remove(key) {
      if (byKey[key]) byKey[key].checked = false;
      apply(true);
    }

    function clearAll() {
      boxes.forEach(function (box) { box.checked = false; });
      apply(true);
    }

    function setOpen(open) {
      form.classList.toggle("casebook-filters--open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }

    var params = new URLSearchParams(location.search);
    params.forEach(function (value, name) {
      var key = name + ":" + value;
      if (byKey[key] && !byKey[key].checked) { byKey[key].checked = true; order.push(key); }
    });
    // A folded facet opens when one of its choices is in use.
    toArray(form.querySelectorAll("details.casebook-facet-more")).forEach(function (details) {
      if (details.querySelector("input:checked")) details.open = true;
    });
    form.hidden = false;
    if (bar) bar.hidden = false;
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("reset", function (event) { event.preventDefault(); clearAll(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    if (toggle) toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    [bar, empty].forEach(function (holder) {
      if (holder) holder.addEventListener("click", function (event) {
        var target = event.target.closest("[data-casebook-remove]");
        if (target) remove(target.getAttribute("data-casebook-remove"));
      });
    });
    if (clear) clear.addEventListener("click", clearAll);
    if (done) done.addEventListener("click", function () {
      setOpen(false);
      toggle.focus();
      bar.scrollIntoView({block: "start"});
    });
    apply(false);
  }

  /* A case page's breadcrumb leads back to the index as the reader last filtered it. */
  function setUpBackLink(link) {
    var query = remembered();
    if (query) link.href = link.href.split("?")[0] + "?" + query;
  }

  // A printed link shows its address, short (see the print styles): links within the page do not.
  function markPrintAddresses() {
    var links = document.querySelectorAll(".md-content a[href]:not(.headerlink)");
    Array.prototype.forEach.call(links, function (a) {
      // Material's instant navigation makes every href absolute, a link within the page too.
      var here = a.origin === location.origin && a.pathname === location.pathname && a.hash;
      var address = shortAddress(a.href);
      if (here || a.textContent.trim() === a.href || a.textContent.trim() === address) a.setAttribute("data-print-here", "");
      else a.setAttribute("data-print-href", address);
    });
  }

  // What a reader types: no scheme, no "www.", no closing slash ("example.org/cases/x").
  function shortAddress(href) {
    return href.replace(/^https?:\/\//, "").replace(/^www\./, "").replace(/\/(?=$|[?#])/, "");
  }

  // A table too wide for a phone scrolls inside its wrapper: the keyboard can reach it, and its
  // right edge fades while more of it lies that way, so the eye sees that it goes on.
  function focusableScrollers() {
    toArray(document.querySelectorAll(".md-typeset__scrollwrap, .casebook-scroll")).forEach(function (wrap) {
      if (wrap.scrollWidth <= wrap.clientWidth + 1) return;
      if (!wrap.hasAttribute("tabindex")) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        if (!wrap.hasAttribute("aria-label")) wrap.setAttribute("aria-label", say("scrolls"));
      }
      var edge = function () {
        wrap.classList.toggle("casebook-more-right", wrap.scrollLeft + wrap.clientWidth < wrap.scrollWidth - 1);
      };
      edge();
      wrap.addEventListener("scroll", edge, { passive: true });
    });
  }

  // A long page's contents, for screens where the theme shows none: a list of its sections
  // that opens with a tap, filled from the headings themselves (their ids are the theme's).
  function fillContents() {
    var holder = document.querySelector("[data-casebook-contents]");
    if (!holder || holder.firstChild) return;
    var headings = toArray(document.querySelectorAll(".md-content h2[id]"));
    if (headings.length < 3) return;
    var details = document.createElement("details");
    var summary = document.createElement("summary");
    summary.textContent = holder.getAttribute("data-casebook-summary") || "On this page";
    var list = document.createElement("ol");
    headings.forEach(function (heading) {
      var link = document.createElement("a");
      link.href = "#" + heading.id;
      var copy = heading.cloneNode(true);
      toArray(copy.querySelectorAll(".headerlink")).forEach(function (a) { a.remove(); });
      link.textContent = copy.textContent.trim();
      var item = document.createElement("li");
      item.appendChild(link);
      list.appendChild(item);
    });
    details.appendChild(summary);
    details.appendChild(list);
    holder.appendChild(details);
    holder.hidden = false;
  }

  function init() {
    fillContents();
    focusableScrollers();
    // Material's search dialog has no accessible name; give it one.
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", say("search"));
    var form = document.querySelector("[data-casebook-filters]");
    if (form) setUpFilters(form);
    var propose = document.querySelector("[data-casebook-form]");
    if (propose) setUpProposeForm(propose);
    var back = document.querySelector("[data-casebook-back]");
    if (back) setUpBackLink(back);
    markPrintAddresses();
  }

  // The "Propose a case" page loads its form only where needed, each script once.
  var loading = {};
  function loadScript(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = function (event) {
          delete loading[src];  // asked again, it is fetched again
          script.remove();
          reject(event);
        };
        document.head.appendChild(script);
      });
    }
    return loading[src];
  }

  function setUpProposeForm(root) {
    loadScript(root.getAttribute("data-assets") + "form.js").then(function () {
      window.casebookForm.setUp(root);
    });
  }
  // The form fetches its Markdown previewer with it when a preview first opens.
  window.casebookLoadScript = loadScript;

  // Printing shows every revealed section; they close again afterwards.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = toArray(document.querySelectorAll("details:not([open])"));
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); // Material's instant navigation swaps pages without a reload
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
