// Search of the published Code, with no server: the index (assets/search-index.js) is a list of
// [reference, page, title, text] for every provision of the current version.
(function () {
  "use strict";
  var index = window.SEC_SEARCH_INDEX || [];
  var params = new URLSearchParams(window.location.search);
  var q = (params.get("q") || "").trim();
  var input = document.getElementById("q");
  var status = document.getElementById("status");
  var list = document.getElementById("results");
  input.value = q;
  if (!q) { status.textContent = "Type words, or a provision number such as F2.4 or Z:6.2."; return; }
  function norm(s) { return s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, ""); }
  // A provision number: F2.4, F2.4(c), Z:6.2, 6.2.
  var number = /^([A-Za-z]+:)?[A-Za-z]*\d+(\.\d+[A-Za-z]*)*(\([A-Za-z0-9]+\))*$/.test(q);
  var found = [];
  if (number) {
    var want = q.toUpperCase().replace(/\(.*$/, "");
    index.forEach(function (e) {
      var ref = e[0].toUpperCase();
      var bare = ref.indexOf(":") >= 0 ? ref.split(":")[1] : ref;
      if (ref === want || bare === want) { found.push(e); }
    });
  }
  var words = norm(q).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  if (found.length === 0 && words.length > 0) {
    index.forEach(function (e) {
      var text = norm(e[3]);
      if (words.every(function (w) { return text.indexOf(w) >= 0; })) { found.push(e); }
    });
  }
  status.textContent = found.length === 0 ? "Nothing found for \u201c" + q + "\u201d."
    : found.length + (found.length === 1 ? " provision" : " provisions") + " found for \u201c" + q + "\u201d.";
  found.slice(0, 200).forEach(function (e) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = e[1];
    var ref = document.createElement("span");
    ref.className = "ref";
    ref.textContent = e[0];
    a.appendChild(ref);
    a.appendChild(document.createTextNode(" " + e[2]));
    li.appendChild(a);
    var snippet = document.createElement("span");
    snippet.className = "snippet";
    var text = e[3];
    var at = words.length ? norm(text).indexOf(words[0]) : 0;
    var start = Math.max(0, at - 60);
    snippet.textContent = (start > 0 ? "\u2026" : "") + text.slice(start, start + 220) + (text.length > start + 220 ? "\u2026" : "");
    li.appendChild(snippet);
    list.appendChild(li);
  });
})();
