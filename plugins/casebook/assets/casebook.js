/* casebook: filters for the case index, the way back to it from a case; when printing, open
   reveal blocks and show link addresses. The index is a complete static list without this script; the script
   only narrows it. */
(function () {
  "use strict";

  var REMEMBERED = "casebook-cases-query"; // the index's last filters, for the way back

  function toArray(list) { return Array.prototype.slice.call(list); }

  function remember(query) {
    try { sessionStorage.setItem(REMEMBERED, query); } catch (e) { /* storage may be off */ }
  }

  function remembered() {
    try { return sessionStorage.getItem(REMEMBERED) || ""; } catch (e) { return ""; }
  }

  /* The cases as data: one record per case with its values for each facet. Counting and
     matching read only these records, so a page could build them from a data block instead
     of from the list items. */
  function readRecords(items, facets) {
    return items.map(function (item) {
      var values = {};
      facets.forEach(function (facet) {
        var raw = item.getAttribute("data-" + facet) || "";
        values[facet] = raw ? raw.split(" ") : [];
      });
      return { el: item, values: values };
    });
  }

  /* One pass over the records: which match every chosen filter, and for each facet value how
     many cases would match if it were chosen too (a facet's own choices do not narrow it). */
  function facetCounts(records, facets, chosen) {
    var counts = {};
    facets.forEach(function (f) { counts[f] = {}; });
    var shown = [];
    records.forEach(function (record) {
      var missed = null, misses = 0;
      for (var i = 0; i < facets.length && misses < 2; i++) {
        var f = facets[i], want = chosen[f];
        if (!want.length) continue;
        var have = record.values[f], ok = false;
        for (var j = 0; j < have.length && !ok; j++) ok = want.indexOf(have[j]) !== -1;
        if (!ok) { misses += 1; missed = f; }
      }
      if (misses === 0) shown.push(record);
      if (misses > 1) return;
      facets.forEach(function (f) {
        if (misses === 1 && f !== missed) return;
        record.values[f].forEach(function (v) { counts[f][v] = (counts[f][v] || 0) + 1; });
      });
    });
    return { shown: shown, counts: counts };
  }

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
    // The facets are the index's fieldsets, so a new filter needs no change here.
    var facets = toArray(form.querySelectorAll("fieldset[data-facet]")).map(function (fs) {
      return fs.getAttribute("data-facet");
    });
    var legends = {};
    toArray(form.querySelectorAll("fieldset[data-facet]")).forEach(function (fs) {
      var legend = fs.querySelector("legend");
      legends[fs.getAttribute("data-facet")] = legend ? legend.textContent.trim() : fs.getAttribute("data-facet");
    });
    var records = readRecords(toArray(document.querySelectorAll("li.casebook-case")), facets);
    var lists = toArray(document.querySelectorAll("[data-casebook-list]"));
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
        button.setAttribute("aria-label", "Remove filter " + legends[box.name] + ": " + labelOf(box));
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

    function apply(updateUrl) {
      var chosen = chosenFilters();
      var result = facetCounts(records, facets, chosen);
      var visible = new Set(result.shown);
      records.forEach(function (record) { record.el.hidden = !visible.has(record); });
      lists.forEach(function (list) {
        var any = list.querySelector("li.casebook-case:not([hidden])") !== null;
        list.hidden = !any;
        var heading = list.previousElementSibling;
        if (heading && /^H[1-6]$/.test(heading.tagName)) {
          heading.hidden = !any;
          showInToc(heading, any);
        }
      });
      boxes.forEach(function (box) {
        var key = box.name + ":" + box.value;
        var count = result.counts[box.name][box.value] || 0;
        if (countFor[key]) countFor[key].textContent = String(count);
        box.parentNode.classList.toggle("casebook-facet-empty", count === 0 && !box.checked);
      });
      var shown = result.shown.length;
      if (status) status.textContent = "Showing " + shown + " of " + records.length + " cases";
      if (activeCount) activeCount.textContent = order.length ? " (" + order.length + ")" : "";
      drawChips();
      if (empty) {
        empty.hidden = shown !== 0;
        if (shown === 0 && order.length) {
          var last = byKey[order[order.length - 1]];
          undo.textContent = "Remove " + legends[last.name] + ": " + labelOf(last);
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
    apply(false);
  }

  /* A case page's breadcrumb leads back to the index as the reader last filtered it. */
  function setUpBackLink(link) {
    var query = remembered();
    if (query) link.href = link.href.split("?")[0] + "?" + query;
  }

  // A printed link shows its full address (see the print styles): links within the page do not.
  function markPrintAddresses() {
    var links = document.querySelectorAll(".md-content a[href]:not(.headerlink)");
    Array.prototype.forEach.call(links, function (a) {
      // Material's instant navigation makes every href absolute, a link within the page too.
      var here = a.origin === location.origin && a.pathname === location.pathname && a.hash;
      if (here || a.textContent.trim() === a.href) a.setAttribute("data-print-here", "");
      else a.setAttribute("data-print-href", a.href);
    });
  }

  // A table too wide for a phone scrolls inside Material's wrapper: let the keyboard reach it.
  function focusableScrollers() {
    toArray(document.querySelectorAll(".md-typeset__scrollwrap")).forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Table, scrolls sideways");
      }
    });
  }

  function init() {
    focusableScrollers();
    // Material's search dialog has no accessible name; give it one.
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
    var form = document.querySelector("[data-casebook-filters]");
    if (form) setUpFilters(form);
    var propose = document.querySelector("[data-casebook-form]");
    if (propose) setUpProposeForm(propose);
    var back = document.querySelector("[data-casebook-back]");
    if (back) setUpBackLink(back);
    markPrintAddresses();
  }

  // The "Propose a case" page loads its form and the Markdown previewer only where needed.
  var loading = {};
  function loadScript(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading[src];
  }

  function setUpProposeForm(root) {
    var base = root.getAttribute("data-assets");
    Promise.all([loadScript(base + "markdown-it.min.js"), loadScript(base + "form.js")]).then(function () {
      window.casebookForm.setUp(root);
    });
  }

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
