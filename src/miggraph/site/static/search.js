/* miggraph: type-ahead search over the entities of the site.
 *
 * Loads the index the build writes when a search box is first used (search/entities.js, beside the site's top,
 * defines window.MIGGRAPH_SEARCH: a script, because a page opened from disk cannot fetch() a JSON file) and ranks
 * entities for what is typed in every form.site-search,
 * as miggraph.search.rank does in Python: an exact acronym, symbol or resolution number first, then an exact name,
 * then names starting with the query, then names with a word starting with each word of the query. Everything is
 * shown with textContent, never as markup.
 */
(function () {
  "use strict";
  var LIMIT = 8;
  var EXACT_FIRST = {acronym: true, symbol: true, number: true};
  var entries = null;
  var waiting = null;  // callbacks waiting for the index, while it loads

  function normalise(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function load() {
    var data = window.MIGGRAPH_SEARCH;
    if (!data || !data.entities) { return []; }
    if (entries === null || entries.source !== data.entities) {
      entries = data.entities.map(function (e) {
        return {label: e[0], href: e[1], kind: e[2], minor: e[3],
                names: e[4].map(function (n) { return {text: n[0], type: n[1], norm: n[2]}; })};
      });
      entries.source = data.entities;
    }
    return entries;
  }

  function withIndex(root, then) {
    // run then() once the index is loaded (at once if it is)
    if (window.MIGGRAPH_SEARCH) { then(); return; }
    if (waiting !== null) { waiting.push(then); return; }
    waiting = [then];
    var script = document.createElement("script");
    script.src = root + "search/entities.js";
    script.onload = function () { var w = waiting; waiting = null; w.forEach(function (f) { f(); }); };
    script.onerror = function () { waiting = null; };
    document.head.appendChild(script);
  }

  function kindTitle(kind) {
    var data = window.MIGGRAPH_SEARCH;
    return (data && data.kinds && data.kinds[kind]) || kind;
  }

  function tier(name, query, words) {
    if (name.norm === query) { return EXACT_FIRST[name.type] ? 0 : 1; }
    if (name.norm.indexOf(query) === 0) { return 2; }
    var nameWords = name.norm.split(" ");
    var all = words.every(function (q) { return nameWords.some(function (w) { return w.indexOf(q) === 0; }); });
    return all ? 3 : null;
  }

  function compare(a, b) {
    for (var i = 0; i < a.key.length; i++) {
      if (a.key[i] < b.key[i]) { return -1; }
      if (a.key[i] > b.key[i]) { return 1; }
    }
    return 0;
  }

  function rank(query, limit) {
    var q = normalise(query);
    if (!q) { return []; }
    var words = q.split(" ");
    var found = [];
    load().forEach(function (entry) {
      var best = null;
      entry.names.forEach(function (name) {
        var t = tier(name, q, words);
        if (t !== null && (best === null || t < best.tier || (t === best.tier && name.norm.length < best.name.norm.length))) {
          best = {entry: entry, name: name, tier: t};
        }
      });
      if (best !== null) {
        best.key = [best.tier, entry.minor, best.name.norm.length, entry.label.toLowerCase(), entry.href];
        found.push(best);
      }
    });
    found.sort(compare);
    return found.slice(0, limit);
  }

  function item(match, root) {
    var a = document.createElement("a");
    a.href = root + match.entry.href;
    var label = document.createElement("span");
    label.className = "label";
    label.textContent = match.entry.label;
    a.appendChild(label);
    var detail = document.createElement("span");
    detail.className = "detail";
    var shown = match.name.text !== match.entry.label ? match.name.text + " · " : "";
    detail.textContent = shown + kindTitle(match.entry.kind);
    a.appendChild(detail);
    return a;
  }

  function attach(form) {
    var input = form.querySelector("input[name=q]");
    if (!input) { return; }
    var root = form.getAttribute("data-root") || "";
    var list = document.createElement("ul");
    list.className = "site-search-list";
    list.id = (input.id || "site-search") + "-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    form.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    var active = -1;

    function options() { return list.querySelectorAll("li"); }

    function setActive(i) {
      // i: an option's index, or -1 for none
      var all = options();
      active = i >= 0 && i < all.length ? i : -1;
      all.forEach(function (li, j) { li.setAttribute("aria-selected", j === active ? "true" : "false"); });
      if (active >= 0) { input.setAttribute("aria-activedescendant", all[active].id); }
      else { input.removeAttribute("aria-activedescendant"); }
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function update() {
      var matches = rank(input.value, LIMIT);
      list.replaceChildren();
      matches.forEach(function (m, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.appendChild(item(m, root));
        list.appendChild(li);
      });
      list.hidden = matches.length === 0;
      input.setAttribute("aria-expanded", matches.length ? "true" : "false");
      setActive(-1);
    }

    function refresh() { withIndex(root, update); }
    input.addEventListener("input", refresh);
    input.addEventListener("focus", function () { withIndex(root, function () { if (input.value) { update(); } }); });
    if (document.activeElement === input) { refresh(); }  // this script was loaded by the box's first use
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (list.hidden) { update(); }
        var n = options().length;
        if (n) { setActive(ev.key === "ArrowDown" ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1)); }
        ev.preventDefault();
      } else if (ev.key === "Enter" && active >= 0) {
        ev.preventDefault();
        window.location.href = options()[active].querySelector("a").href;
      } else if (ev.key === "Escape") {
        close();
      }
    });
    list.addEventListener("mousedown", function (ev) { ev.preventDefault(); });  // a click on a suggestion keeps the focus
    input.addEventListener("blur", close);
  }

  function staticResults() {
    // out/search/index.html opened from disk or a plain web server: the entities matching ?q=
    var target = document.getElementById("entity-results");
    if (!target || target.getAttribute("data-mode") !== "static") { return; }
    var q = new URLSearchParams(window.location.search).get("q") || "";
    var root = target.getAttribute("data-root") || "";
    document.querySelectorAll("input[name=q]").forEach(function (input) { input.value = q; });
    withIndex(root, function () {
      var matches = rank(q, 50);
      target.replaceChildren();
      matches.forEach(function (m) {
        var li = document.createElement("li");
        li.appendChild(item(m, root));
        target.appendChild(li);
      });
      var count = document.getElementById("entity-count");
      if (count) { count.textContent = q ? matches.length + " entities match" : ""; }
    });
  }

  function start() {
    document.querySelectorAll("form.site-search").forEach(attach);
    staticResults();
  }

  window.miggraphSearch = {rank: rank, normalise: normalise};
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
