// The site's search box when the casebook's option `search` is `pagefind`: the theme's search
// dialog (casebook/theme/partials/search.html), answered from the Pagefind index written with
// the site. Pagefind's script, its WebAssembly and the index's word list are fetched once the
// page is idle (or as soon as the reader reaches for the box), about 140 KB, cached after
// that; a search then fetches only the parts of the index that hold its words.
(() => {
  "use strict";
  const root = document.querySelector("[data-casebook-search]");
  if (!root || root.dataset.casebookReady) return;  // once: instant navigation keeps the header
  root.dataset.casebookReady = "true";

  const input = root.querySelector("input[name=query]");
  const form = input.form;
  const meta = root.querySelector(".md-search-result__meta");
  const list = root.querySelector(".md-search-result__list");
  const toggle = document.getElementById("__search");
  // Resolved now: instant navigation changes the page's address, not these attributes.
  const bundle = new URL(root.dataset.casebookSearch, document.baseURI);
  const siteRoot = new URL(root.dataset.casebookRoot || "./", document.baseURI);
  const config = document.getElementById("__config");
  const words = (config && JSON.parse(config.textContent).translations) || {};
  const say = (key, fallback) => words[key] || fallback;
  const PAGE = 10;

  let loading = null;  // Pagefind, once asked for
  let asked = 0;       // the number of the latest query; an older answer is dropped
  let results = [];
  let shown = 0;

  function pagefind() {
    if (!loading) {
      loading = import(new URL("pagefind.js", bundle).href).then(async found => {
        // In the page, not a worker: measured, the first results came sooner (bench/RESULTS.md).
        await found.options({ noWorker: true });
        found.init();
        return found;
      });
      loading.catch(() => { loading = null; });
    }
    return loading;
  }

  function counted(n) {
    if (n === 0) return say("search.result.none", "No matching documents");
    if (n === 1) return say("search.result.one", "1 matching document");
    return say("search.result.other", "# matching documents").replace("#", String(n));
  }

  // Pagefind's excerpt is text with <mark> around the words found; only those marks are kept.
  function excerpt(html) {
    const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body.firstChild;
    const p = document.createElement("p");
    for (const node of parsed.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.append(mark);
      } else {
        p.append(node.textContent);
      }
    }
    return p;
  }

  function item(data) {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = new URL(data.url.replace(/^\/+/, ""), siteRoot).href;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-search-result__article--document md-typeset";
    const icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    const title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.append(icon);
    if (data.meta && data.meta.kind) {  // a case, a lesson or training: said before the title
      const kind = document.createElement("p");
      kind.className = "casebook-search-kind";
      kind.textContent = data.meta.kind;
      article.append(kind);
    }
    article.append(title, excerpt(data.excerpt || ""));
    a.append(article);
    li.append(a);
    return li;
  }

  // Pagefind matches words by their stem, so "converse" and "conversation" are one word to it;
  // and a word it cannot find it answers with the longest indexed word the query starts with
  // ("refnd" finds "re", from "we're"). What each result matched is read from its own text: a
  // word matched only that way is no match, and on the first page a page holding the very words
  // typed comes before one holding only words of the same stem.
  const letters = word => word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  const queryWords = text => text.split(/\s+/).map(letters).filter(Boolean);

  function matched(data) {
    const words = (data.content || "").split(/[\r\n\s]+/g);
    return (data.locations || []).map(at => letters(words[at] || ""));
  }

  function sharedStart(a, b) {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  }

  // Whether the page matched each word typed by a word that starts like it, not a fallback.
  const foundEach = (found, words) => words.every(w => found.some(m => sharedStart(m, w) >= Math.min(w.length, 4)));
  const exactly = (found, words) => words.filter(w => found.includes(w)).length;

  async function showMore(query, words) {
    const batch = results.slice(shown, shown + PAGE);
    shown += batch.length;
    let data = await Promise.all(batch.map(r => r.data()));
    if (query !== asked) return;
    if (words) {  // the first page
      const found = data.map(matched);
      if (data.length && !foundEach(found[0], words)) {
        results = [];
        shown = 0;
        data = [];
        meta.textContent = counted(0);
      }
      data = data.map((d, i) => [d, exactly(found[i], words), i])
        .sort((a, b) => b[1] - a[1] || a[2] - b[2]).map(x => x[0]);
    }
    list.querySelector(".casebook-search-more")?.remove();
    list.append(...data.map(item));
    if (shown < results.length) {
      const li = document.createElement("li");
      li.className = "casebook-search-more";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = `Show ${Math.min(PAGE, results.length - shown)} more`;
      button.addEventListener("click", () => {
        const next = list.children.length - 1;
        showMore(query).then(() => list.children[next]?.querySelector("a")?.focus());
      });
      li.append(button);
      list.append(li);
    }
  }

  async function search() {
    const query = ++asked;
    const text = input.value.trim();
    if (!text) {
      results = [];
      list.replaceChildren();
      meta.textContent = say("search.result.placeholder", "Type to start searching");
      return;
    }
    let found;
    try {
      found = await (await pagefind()).search(text);
    } catch (error) {
      if (query === asked) meta.textContent = (window.casebookWords || {}).searchDown ||
        "Search is not available: its index could not be loaded.";
      return;
    }
    if (query !== asked || !found) return;  // a newer query was typed
    results = found.results;
    shown = 0;
    list.replaceChildren();
    meta.textContent = counted(results.length);
    await showMore(query, queryWords(text));
    if (query === asked) root.dataset.casebookShown = text;  // which query the results are of
  }

  function setOpen(open) {
    if (!toggle || toggle.checked === open) return;
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change"));
  }

  function links() {
    return [...list.querySelectorAll(".md-search-result__link, .casebook-search-more button")];
  }

  input.addEventListener("focus", () => { setOpen(true); pagefind(); });
  input.addEventListener("input", search);
  root.addEventListener("pointerenter", pagefind, { once: true });
  form.addEventListener("submit", event => {
    event.preventDefault();
    const first = list.querySelector(".md-search-result__link");
    if (first) first.click();
  });
  form.addEventListener("reset", () => setTimeout(() => { search(); input.focus(); }));
  if (toggle) {
    // The header's search button (a label for the toggle) opens the dialog on a phone.
    toggle.addEventListener("change", () => {
      if (toggle.checked && document.activeElement !== input) {
        pagefind();
        input.focus();
      } else if (!toggle.checked && document.activeElement === input) {
        input.blur();
      }
    });
  }
  // Focus moving on out of the search (Tab past the last result, Shift+Tab before the box) closes
  // it, as the theme's search does: on a phone the open search covers the page, and focus must not
  // move on unseen behind it. Focus that goes nowhere (another window) leaves it open.
  root.addEventListener("focusout", event => {
    const next = event.relatedTarget;
    if (next && !root.contains(next)) setOpen(false);
  });
  // A result opened by instant navigation closes the dialog, as the theme's search does.
  list.addEventListener("click", event => {
    if (event.target.closest(".md-search-result__link")) setOpen(false);
  });

  document.addEventListener("keydown", event => {
    if (event.metaKey || event.ctrlKey || event.altKey || event.isComposing) return;
    const open = toggle ? toggle.checked : root.contains(document.activeElement);
    if (!open) {
      const typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
      if (!typing && ["/", "s", "f"].includes(event.key)) {
        event.preventDefault();
        setOpen(true);
        pagefind();
        input.focus();
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      setOpen(false);
      input.blur();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const order = [input, ...links()];
      const at = order.indexOf(document.activeElement);
      if (at < 0) return;
      event.preventDefault();
      const next = Math.max(0, Math.min(order.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)));
      order[next].focus();
    }
  });

  meta.textContent = say("search.result.placeholder", "Type to start searching");
  if (!(navigator.connection && navigator.connection.saveData)) {
    (window.requestIdleCallback || setTimeout)(() => pagefind());
  }
})();
