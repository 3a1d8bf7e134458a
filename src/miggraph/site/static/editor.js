/* miggraph: the query page, YASGUI's editor (Yasqe) and result view (Yasr) set up for this graph.
 *
 * - completion of the project's prefixes and ontology terms from the page's own configuration: YASGUI's default
 *   completers would ask prefix.cc and LOV, and no request leaves this page but those to the endpoint;
 * - nothing kept in localStorage: the page opens with the query of its URL (?query=...), or the first example;
 * - result cells are written by our own renderer, every value escaped; entity IRIs open the entity pages;
 * - CSV and JSON downloads of the results, and a link that reopens the same query.
 */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("editor-config").textContent);
  var Yasqe = window.Yasgui.Yasqe;
  var Yasr = window.Yasgui.Yasr;
  var params = new URLSearchParams(window.location.search);
  var onDisk = !/^https?:$/.test(window.location.protocol);
  var status = document.getElementById("status");
  var endpointInput = document.getElementById("endpoint");
  var select = document.getElementById("example");
  var shareLink = document.getElementById("share-link");
  var csvButton = document.getElementById("download-csv");
  var jsonButton = document.getElementById("download-json");
  var defaultEndpoint = config.endpoint || (onDisk ? config.diskEndpoint : "sparql");
  var byLength = Object.keys(config.prefixes).sort(function (a, b) {
    return config.prefixes[b].length - config.prefixes[a].length;
  });

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
    });
  }

  function short(iri) {
    for (var i = 0; i < byLength.length; i++) {
      var ns = config.prefixes[byLength[i]];
      if (iri.indexOf(ns) === 0 && iri.length > ns.length) { return byLength[i] + ":" + iri.slice(ns.length); }
    }
    return null;
  }

  function trustedEndpoint(value) {
    // an endpoint named in the URL is used only on this origin or on this computer
    if (!value) { return null; }
    try {
      var url = new URL(value, window.location.href);
      if (!onDisk && url.origin === window.location.origin) { return value; }
      if (/^https?:$/.test(url.protocol) && /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(url.hostname)) { return value; }
    } catch (e) {
      return null;
    }
    return null;
  }

  function pageOf(iri) {
    // the page of an entity IRI: the IRI's path on this server, or the page file of the site opened from disk
    if (iri.indexOf(config.instanceBase) !== 0) { return null; }
    var path = iri.slice(config.instanceBase.length);
    var parts = path.split("/");
    if (parts.length !== 2 || !parts[0] || !parts[1]) { return null; }
    if (!onDisk) { return "id/" + path; }
    if (parts[0] === "passage") {
      var m = /^(.*)-\d+-\d+$/.exec(parts[1]);
      return m ? "id/document/" + m[1] + ".html#" + parts[1] : null;
    }
    return config.skippedKinds.indexOf(parts[0]) >= 0 ? null : "id/" + path + ".html";
  }

  function cellHtml(binding) {
    if (binding.type === "uri") {
      var text = short(binding.value) || "<" + binding.value + ">";
      var href = pageOf(binding.value) || (/^https?:\/\//.test(binding.value) ? binding.value : null);
      if (href) {
        return "<a class=\"iri\" href=\"" + escapeHtml(href) + "\" title=\"" + escapeHtml(binding.value) + "\">" + escapeHtml(text) + "</a>";
      }
      return "<span class=\"iri\" title=\"" + escapeHtml(binding.value) + "\">" + escapeHtml(text) + "</span>";
    }
    if (binding.type === "bnode") { return "<span class=\"bnode\">_:" + escapeHtml(binding.value) + "</span>"; }
    var attrs = " class=\"literal\"";
    if (binding["xml:lang"]) { attrs += " lang=\"" + escapeHtml(binding["xml:lang"]) + "\""; }
    if (binding.datatype) { attrs += " title=\"" + escapeHtml(short(binding.datatype) || binding.datatype) + "\""; }
    return "<span" + attrs + ">" + escapeHtml(binding.value) + "</span>";
  }

  // Yasr's table writes cells as HTML it builds itself (IRIs unescaped in href): use ours, escaped
  var Table = Yasr.plugins.table;
  Table.prototype.getCellContent = function (binding) { return "<div>" + cellHtml(binding) + "</div>"; };

  // completion from the page's configuration only
  var prefixList = Object.keys(config.prefixes).map(function (p) { return p + ": <" + config.prefixes[p] + ">"; });
  Yasqe.registerAutocompleter(Object.assign({}, Yasqe.Autocompleters.prefixes,
    {get: prefixList, persistenceId: undefined}), false);
  Yasqe.forkAutocompleter("class", {name: "miggraph-classes", bulk: true, get: config.terms.classes, persistenceId: undefined}, false);
  Yasqe.forkAutocompleter("property", {name: "miggraph-properties", bulk: true, get: config.terms.properties, persistenceId: undefined}, false);
  Yasqe.defaults.autocompleters = ["prefixes", "variables", "miggraph-classes", "miggraph-properties"];

  function currentEndpoint() { return endpointInput.value.trim() || defaultEndpoint; }

  function linkTo(query) {
    var here = window.location.href.split(/[?#]/)[0];
    var link = here + "?query=" + encodeURIComponent(query);
    if (currentEndpoint() !== defaultEndpoint) { link += "&endpoint=" + encodeURIComponent(currentEndpoint()); }
    return link;
  }

  var fromUrl = params.get("query");
  var askedEndpoint = params.get("endpoint");
  endpointInput.value = trustedEndpoint(askedEndpoint) || defaultEndpoint;
  var yasqe = new Yasqe(document.getElementById("yasqe"), {
    value: fromUrl !== null ? fromUrl : (config.examples.length ? config.examples[0].sparql : "SELECT * WHERE { ?s ?p ?o } LIMIT 10"),
    persistenceId: null,
    consumeShareLink: null,
    createShareableLink: function (y) { return linkTo(y.getValue()); },
    editorHeight: "320px",
    requestConfig: {
      endpoint: function (_yasqe) { return currentEndpoint(); },  // Yasqe skips a function without parameters
      method: "POST",
      acceptHeaderSelect: "application/sparql-results+json",
      acceptHeaderGraph: "text/turtle"
    }
  });
  var yasr = new Yasr(document.getElementById("yasr"), {
    persistenceId: null,
    prefixes: function () { return config.prefixes; }
  });

  function setStatus(text, isError) {
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  function updateLink() { shareLink.href = linkTo(yasqe.getValue()); }

  function header(response, name) {
    var h = response && (response.header || response.headers);
    return h ? h[name] || h[name.toLowerCase()] : undefined;
  }

  yasqe.on("query", function () {
    setStatus("running ...", false);
    csvButton.disabled = true;
    jsonButton.disabled = true;
  });
  yasqe.on("queryResponse", function (_y, response, duration) {
    var error = response instanceof Error || (response && response.status >= 400) ? response : null;
    yasr.setResponse(response, duration);
    if (error) {
      var res = error.response;
      var text = res && res.text ? res.text : String(error.message || error);
      setStatus(res && res.status ? "error " + res.status + ": " + text : "could not reach " + currentEndpoint() + ": " + text, true);
      return;
    }
    var results = yasr.results;
    var cut = header(response, "Result-Truncated") === "true";
    var note = cut ? " (cut at " + header(response, "Result-Limit") + ")" : "";
    var bindings = results && results.getBindings ? results.getBindings() : null;
    var type = results && results.getType ? results.getType() : "";
    if (results && results.getBoolean && typeof results.getBoolean() === "boolean") {
      setStatus("answer: " + results.getBoolean(), false);
    } else if (bindings && type === "ttl") {
      setStatus(bindings.length + " triple(s)" + note, false);  // a CONSTRUCT or DESCRIBE, tabled by Yasr
    } else if (bindings) {
      setStatus(bindings.length + " row(s)" + note, false);
    } else {
      setStatus("graph" + note, false);
    }
    csvButton.disabled = !bindings;
    jsonButton.disabled = type !== "json";
  });

  function download(name, mediaType, text) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], {type: mediaType}));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
  }
  csvButton.addEventListener("click", function () {
    if (yasr.results) { download("results.csv", "text/csv", yasr.results.asCsv()); }
  });
  jsonButton.addEventListener("click", function () {
    if (yasr.results) { download("results.json", "application/sparql-results+json", yasr.results.getOriginalResponseAsString()); }
  });

  select.addEventListener("change", function () {
    var found = config.examples.find(function (e) { return e.name === select.value; });
    if (found) { yasqe.setValue(found.sparql); }
  });
  document.getElementById("run").addEventListener("click", function () { yasqe.query().catch(function () {}); });
  yasqe.on("change", updateLink);
  endpointInput.addEventListener("input", updateLink);
  updateLink();
  if (askedEndpoint && !trustedEndpoint(askedEndpoint)) {
    setStatus("the endpoint named in the link is not on this site or this computer: using " + currentEndpoint(), true);
  }
  window.miggraphEditor = {yasqe: yasqe, yasr: yasr, config: config};
  if (fromUrl !== null && fromUrl.trim()) { yasqe.query().catch(function () {}); }
})();
