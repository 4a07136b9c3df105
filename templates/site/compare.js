// The compare page of a provision: shows the pair of versions chosen (from the form, or
// #1.0-1.2 in the address), hiding the others. Without this script every pair shows.
(function () {
  "use strict";
  var groups = JSON.parse(document.getElementById("groups").textContent);
  var from = document.getElementById("from"), to = document.getElementById("to");
  var same = document.getElementById("same");
  var pairs = Array.prototype.slice.call(document.querySelectorAll(".pair"));
  var order = Array.prototype.map.call(from.options, function (o) { return o.value; });
  function show() {
    var a = from.value, b = to.value;
    if (order.indexOf(a) > order.indexOf(b)) { var t = a; a = b; b = t; }
    var id = groups[a] + "-" + groups[b];
    same.hidden = groups[a] !== groups[b];
    pairs.forEach(function (p) { p.hidden = p.id !== id; });
  }
  function choose(a, b) {
    if (order.indexOf(a) < 0 || order.indexOf(b) < 0) return false;
    from.value = a; to.value = b; show(); return true;
  }
  var params = new URLSearchParams(location.search);
  var hash = decodeURIComponent(location.hash.slice(1)).split("-");
  if (!(params.has("from") && choose(params.get("from"), params.get("to"))) && !(hash.length === 2 && choose(hash[0], hash[1]))) show();
  from.form.addEventListener("submit", function (e) {
    e.preventDefault();
    show();
    history.replaceState(null, "", "#" + groups[from.value] + "-" + groups[to.value]);
  });
  from.addEventListener("change", show);
  to.addEventListener("change", show);
})();
