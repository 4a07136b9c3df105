// Go to a date: opens the version of a document in force on the day asked
// (goto.html?date=YYYY-MM-DD&doc=F), from the date index this page carries; says so when the
// history holds no text for that day. No server is asked anything.
(function () {
  "use strict";
  var versions = JSON.parse(document.getElementById("dates").textContent);
  var answer = document.getElementById("answer");
  var params = new URLSearchParams(location.search);
  var day = params.get("date") || "", doc = params.get("doc") || "";
  var docs = document.getElementById("doc");
  if (doc && Array.prototype.some.call(docs.options, function (o) { return o.value === doc; })) docs.value = doc;
  if (day) document.getElementById("date").value = day;
  if (!day) return;
  function say(html) { answer.innerHTML = html; }
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || isNaN(Date.parse(day + "T00:00:00Z"))) {
    say("The day " + esc(day) + " is not a date: give it as YYYY-MM-DD, for example 2022-08-01.");
    return;
  }
  var shown = day.split("-").map(Number).reverse().join(".");
  // The last version whose first day is on or before the day (ISO dates compare as text).
  var found = null;
  versions.forEach(function (v) { if (v.from && v.from <= day) found = v; });
  var base = versions[0];
  if (!found) {
    var first = versions.filter(function (v) { return v.from; })[0];
    if (base.from) {
      say("The Code did not exist in this history on " + shown + ": its first version, " + esc(base.id) + ", came into force on " + esc(base.shown) + ".");
    } else {
      var page = base.pages[doc] || base.pages[Object.keys(base.pages)[0]];
      say("The Code did not exist in this history on " + shown + ": the history begins with version " + esc(base.id) +
        ", the text before the first release" + (first ? " (which came into force on " + esc(first.shown) + ")" : "") +
        ", and does not record when that text came into force. <a href=\"" + esc(page[0]) + "\">Read version " + esc(base.id) + ", the earliest text it holds</a>.");
    }
    return;
  }
  var target = found.pages[doc];
  var when = found.until ? "from " + esc(found.shown) + " to " + esc(found.until) + ", its last day" : "from " + esc(found.shown) + ": the current version";
  if (!doc) {
    say("On " + shown + " version " + esc(found.id) + " of the Code was in force (" + when + "): " +
      Object.keys(found.pages).map(function (d) { return "<a href=\"" + esc(found.pages[d][0]) + "\">" + esc(found.pages[d][1]) + "</a>"; }).join(", ") + ".");
    return;
  }
  if (!target) {
    say("On " + shown + " version " + esc(found.id) + " was in force; " + esc(doc) + " is not in it. <a href=\"index.html\">The versions and their documents</a>.");
    return;
  }
  location.replace(target[0]);
})();
