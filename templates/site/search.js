// Search of the published Code, with no server. assets/search/meta.js says what exists; a query
// loads only the term files of its words (t-<first two letters>.js) or the reference file of a
// number (r-<…>.js), then the entry files (c-<n>.js) of the results it shows. Written by
// src/publish/search.rs, which reads words exactly as `fold` does here.
(function () {
  "use strict";
  var PAGE = 10;
  var store = { meta: null, shards: {}, refs: {}, chunks: {} };
  window.SEC_SEARCH = {
    meta: function (m) { store.meta = m; },
    shard: function (k, o) { store.shards[k] = o; },
    refs: function (k, o) { store.refs[k] = o; },
    chunk: function (n, a) { store.chunks[n] = a; }
  };
  var loading = {};
  function load(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = "assets/search/" + name + ".js";
        s.onload = function () { resolve(); };
        s.onerror = function () { reject(new Error("could not load " + s.src)); };
        document.head.appendChild(s);
      });
    }
    return loading[name];
  }
  function own(o, k) { return o && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined; }
  // A word as the index reads it: NFKD, marks dropped, lower case, split at anything but a
  // letter or a digit ("ﬁrst" is "first", "Café" is "cafe").
  function fold(token) {
    return token.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }
  var TOKEN = /[\p{L}\p{N}\p{M}]+/gu;
  function terms(text) {
    var out = [];
    (text.match(TOKEN) || []).forEach(function (t) { out.push.apply(out, fold(t)); });
    return out;
  }
  // A prefix as a file name: itself if a-z, 0-9, else "_" and the hex of its UTF-8.
  function fileName(prefix) {
    if (/^[a-z0-9]+$/.test(prefix)) return prefix;
    return "_" + Array.from(new TextEncoder().encode(prefix)).map(function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }
  // The file a term is in: the longest prefix of it that names a term file (big files are
  // split by one more character), or none.
  function shardOf(t) {
    var chars = Array.from(t);
    for (var n = chars.length; n >= 1; n--) {
      var name = fileName(chars.slice(0, n).join(""));
      if (store.meta.terms.indexOf(name) >= 0) return name;
    }
    return null;
  }
  // The file a reference is in: its Part's number ("f2" for "f2.4(c)").
  function refFileOf(bare) { return fileName(bare.split(/[.(]/)[0]); }
  // "d,len,p,p;d,len,p": doc ids and positions as differences.
  function postings(term) {
    var m = new Map();
    var enc = own(store.shards[shardOf(term)], term);
    if (!enc) return m;
    var doc = 0;
    enc.split(";").forEach(function (e) {
      var xs = e.split(",").map(Number);
      doc += xs[0];
      var p = 0, pos = [];
      for (var i = 2; i < xs.length; i++) { p += xs[i]; pos.push(p); }
      m.set(doc, { len: xs[1], pos: pos });
    });
    return m;
  }

  var params = new URLSearchParams(window.location.search);
  var q = (params.get("q") || "").trim();
  var input = document.getElementById("q");
  var select = document.getElementById("v");
  var status = document.getElementById("status");
  var list = document.getElementById("results");
  var more = document.getElementById("more");
  input.value = q;
  var asked = params.get("v");
  if (asked && Array.from(select.options).some(function (o) { return o.value === asked; })) select.value = asked;
  if (!q) { status.textContent = "Type words, a phrase in quotes, or a provision number such as F2.4 or Z:6.2."; return; }
  status.textContent = "Searching\u2026";

  load("meta").then(function () {
    var meta = store.meta;
    var version = select.value === "all" ? "all" : meta.versions.indexOf(select.value);
    if (version === -1) version = meta.current;
    // Entries are grouped by the versions they are in: [from, to, count].
    var starts = [], n = 0;
    meta.groups.forEach(function (g) { starts.push(n); n += g[2]; });
    function group(doc) {
      var lo = 0, hi = starts.length - 1;
      while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (starts[mid] <= doc) lo = mid; else hi = mid - 1; }
      return meta.groups[lo];
    }
    // Among equals: the entries of the latest versions first, then in the order they came in.
    function newestFirst(a, b) { return group(b.doc)[1] - group(a.doc)[1] || a.doc - b.doc; }
    function inVersion(doc) { var g = group(doc); return version === "all" || (g[0] <= version && version <= g[1]); }
    var where = version === "all" ? "every version" : "version " + meta.versions[version] + (version === meta.current ? " (current)" : "");

    // A provision number: F2.4, F2.4(c), Z:6.2, 6.2, F2.
    var number = /^([A-Za-z]+:)?[A-Za-z]*\d+(\.\d+[A-Za-z]*)*(\([A-Za-z0-9]+\))*$/.test(q);
    var byNumber = Promise.resolve([]);
    if (number) {
      var lower = q.toLowerCase();
      var bare = lower.indexOf(":") >= 0 ? lower.split(":")[1] : lower;
      var key = refFileOf(bare);
      byNumber = meta.refs.indexOf(key) < 0 ? Promise.resolve([]) : load("r-" + key).then(function () {
        var found = [];
        (own(store.refs[key], bare) || []).forEach(function (r) {
          if (lower.indexOf(":") >= 0 && r[0].toLowerCase() !== lower) return;
          for (var i = 1; i < r.length; i++) if (inVersion(r[i])) found.push({ doc: r[i], anchor: r[0], score: 0 });
        });
        return found.sort(newestFirst);
      });
    }
    return byNumber.then(function (found) {
      if (found.length > 0) return { found: found, want: new Set() };
      // Words, and phrases in quotes: every word must be there, and every phrase in order.
      var phrases = [], loose = [];
      q.replace(/"([^"]*)"?|\u201c([^\u201d]*)\u201d?|([^"\u201c]+)/g, function (all, a, b, c) {
        if (c !== undefined) { loose.push.apply(loose, terms(c)); } else { var t = terms(a !== undefined ? a : b); if (t.length) phrases.push(t); }
        return all;
      });
      var words = Array.from(new Set(loose.concat.apply(loose, phrases)));
      if (words.length === 0) return { found: [], want: new Set() };
      var keys = Array.from(new Set(words.map(shardOf)));
      if (keys.indexOf(null) >= 0) return { found: [], want: new Set(words) };
      return Promise.all(keys.map(function (k) { return load("t-" + k); })).then(function () {
        var lists = {};
        words.forEach(function (w) { lists[w] = postings(w); });
        var rarest = words.slice().sort(function (a, b) { return lists[a].size - lists[b].size; })[0];
        function inOrder(doc, seq) {
          return lists[seq[0]].get(doc).pos.some(function (p) {
            return seq.every(function (w, j) { return lists[w].get(doc).pos.indexOf(p + j) >= 0; });
          });
        }
        var out = [];
        lists[rarest].forEach(function (hit, doc) {
          if (!inVersion(doc)) return;
          if (!words.every(function (w) { return lists[w].has(doc); })) return;
          if (!phrases.every(function (p) { return inOrder(doc, p); })) return;
          // BM25 over the entries, doubled where the words stand together as typed.
          var score = 0;
          words.forEach(function (w) {
            var e = lists[w].get(doc), df = lists[w].size, tf = e.pos.length;
            var idf = Math.log(1 + (meta.docs - df + 0.5) / (df + 0.5));
            score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * e.len / meta.average));
          });
          if (loose.length > 1 && inOrder(doc, loose)) score *= 2;
          out.push({ doc: doc, score: score });
        });
        out.sort(function (a, b) { return b.score - a.score || newestFirst(a, b); });
        return { found: out, want: new Set(words) };
      });
    }).then(function (r) {
      var found = r.found;
      status.textContent = found.length === 0 ? "Nothing found for \u201c" + q + "\u201d in " + where + "."
        : found.length + (found.length === 1 ? " result" : " results") + " found for \u201c" + q + "\u201d in " + where + ".";
      var shown = 0;
      function page() {
        var batch = found.slice(shown, shown + PAGE);
        shown += batch.length;
        var chunks = Array.from(new Set(batch.map(function (f) { return Math.floor(f.doc / meta.chunk); })));
        return Promise.all(chunks.map(function (c) { return load("c-" + c); })).then(function () {
          batch.forEach(function (f) { list.appendChild(result(f, r.want)); });
          more.hidden = shown >= found.length;
        });
      }
      more.onclick = function () { page(); };
      return page();
    });

    function result(f, want) {
      var e = store.chunks[Math.floor(f.doc / meta.chunk)][f.doc % meta.chunk];
      var g = group(f.doc);
      var at = version === "all" ? g[1] : version;
      var anchor = f.anchor || e[1];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = (at === meta.current ? "" : "v/" + meta.versions[at] + "/") + meta.pages[e[2]] + "#" + anchor;
      var ref = document.createElement("span");
      ref.className = "ref";
      ref.textContent = f.anchor || e[0];
      a.appendChild(ref);
      a.appendChild(document.createTextNode(" " + meta.names[e[2]]));
      li.appendChild(a);
      if (version === "all") {
        var span = g[0] === g[1] ? "version " + meta.versions[g[0]] : "versions " + meta.versions[g[0]] + "\u2013" + meta.versions[g[1]];
        li.appendChild(document.createTextNode(" (" + span + (g[1] === meta.current ? ", current" : "") + ")"));
      }
      li.appendChild(snippet(e[3], want));
      return li;
    }
  }).catch(function (e) {
    status.textContent = "Search could not read its index (" + e.message + ").";
  });

  // About 220 characters around the first word found, cut between words, the words found
  // marked. Offsets are those of the text itself (never of a folded copy).
  function snippet(text, want) {
    var out = document.createElement("span");
    out.className = "snippet";
    var tokens = [], m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text)) !== null) {
      tokens.push({ s: m.index, e: m.index + m[0].length, hit: fold(m[0]).some(function (t) { return want.has(t); }) });
    }
    var first = tokens.findIndex(function (t) { return t.hit; });
    var start = 0, end = text.length;
    if (first > 0) {
      var i = first;
      while (i > 0 && tokens[first].s - tokens[i - 1].s <= 60) i--;
      start = i === 0 ? 0 : tokens[i].s;
    }
    if (end - start > 220) {
      var j = tokens.length - 1;
      while (j > 0 && tokens[j].e > start + 220) j--;
      end = tokens[j].e > start ? tokens[j].e : start + 220;
    }
    var at = start;
    if (start > 0) out.appendChild(document.createTextNode("\u2026"));
    tokens.forEach(function (t) {
      if (!t.hit || t.s < start || t.e > end) return;
      out.appendChild(document.createTextNode(text.slice(at, t.s)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(t.s, t.e);
      out.appendChild(mark);
      at = t.e;
    });
    out.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? "\u2026" : "")));
    return out;
  }
})();
