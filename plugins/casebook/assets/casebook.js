/* casebook: filters for the case index; when printing, open reveal blocks and show link addresses.
   The index is a complete static list without this script; the script only narrows it. */
(function () {
  "use strict";

  // The facets are the index's fieldsets, so a new filter needs no change here.
  var FACETS = [];

  function values(item, facet) {
    var raw = item.getAttribute("data-" + facet) || "";
    return raw ? raw.split(" ") : [];
  }

  function matches(item, selected, skip) {
    return FACETS.every(function (facet) {
      if (facet === skip || !selected[facet].length) return true;
      var have = values(item, facet);
      return selected[facet].some(function (v) { return have.indexOf(v) !== -1; });
    });
  }

  function setUpFilters(form) {
    if (form.getAttribute("data-casebook-ready")) return;
    form.setAttribute("data-casebook-ready", "1");
    FACETS = Array.prototype.map.call(form.querySelectorAll("fieldset[data-facet]"), function (fieldset) {
      return fieldset.getAttribute("data-facet");
    });
    form.hidden = false;
    var items = Array.prototype.slice.call(document.querySelectorAll("li.casebook-case"));
    var lists = Array.prototype.slice.call(document.querySelectorAll("[data-casebook-list]"));
    var status = form.querySelector("[data-casebook-status]");
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));

    function selected() {
      var chosen = {};
      FACETS.forEach(function (f) { chosen[f] = []; });
      boxes.forEach(function (box) { if (box.checked) chosen[box.name].push(box.value); });
      return chosen;
    }

    function apply(updateUrl) {
      var chosen = selected();
      var shown = 0;
      items.forEach(function (item) {
        var ok = matches(item, chosen, null);
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      lists.forEach(function (list) {
        var any = list.querySelector("li.casebook-case:not([hidden])") !== null;
        list.hidden = !any;
        var heading = list.previousElementSibling;
        if (heading && /^H[1-6]$/.test(heading.tagName)) heading.hidden = !any;
      });
      boxes.forEach(function (box) {
        var count = 0;
        items.forEach(function (item) {
          if (matches(item, chosen, box.name) && values(item, box.name).indexOf(box.value) !== -1) count += 1;
        });
        var label = form.querySelector('[data-count-for="' + box.name + ":" + box.value + '"]');
        if (label) label.textContent = String(count);
        box.parentNode.classList.toggle("casebook-facet-empty", count === 0 && !box.checked);
      });
      if (status) status.textContent = "Showing " + shown + " of " + items.length + " cases";
      if (updateUrl) {
        var params = new URLSearchParams();
        FACETS.forEach(function (f) { chosen[f].forEach(function (v) { params.append(f, v); }); });
        var query = params.toString();
        history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
    }

    var params = new URLSearchParams(location.search);
    boxes.forEach(function (box) { box.checked = params.getAll(box.name).indexOf(box.value) !== -1; });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply(false);
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

  function init() {
    markPrintAddresses();
    // Material's search dialog has no accessible name; give it one.
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
    var form = document.querySelector("[data-casebook-filters]");
    if (form) setUpFilters(form);
    var propose = document.querySelector("[data-casebook-form]");
    if (propose) setUpProposeForm(propose);
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
    opened = Array.prototype.slice.call(document.querySelectorAll("details:not([open])"));
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
