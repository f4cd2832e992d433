// The header's search box on the served site, answered by Pagefind (theme/partials/search.html,
// generator/pagefind_index.py). Pagefind's engine (script, worker, WebAssembly, metadata: ~115 KB
// gzipped, cached afterwards) starts loading as soon as the page's own scripts have run, so that
// the first query on a phone answers in about a second even when the reader taps as the page
// loads (bench/search.md): on a connection the reader pays for (Save-Data, 2G) it waits for the
// first touch of the search button or box instead. A query then fetches only the index chunks and
// page fragments it needs.
//
// - Results use Material's classes (one item per page: the page, then its best sections) and its
//   Chinese words for the count, which a live region announces.
// - Keyboard: "/" or "s" opens the box, arrows move through the results, Enter opens the first
//   result, Escape closes the box.
// - Amounts: the index holds 133.05 as 133٫05 (U+066B, see generator/pagefind_index.py), so a
//   query's decimal points are written the same way and the excerpts are shown with points again.
// - Ranking: the pages that explain (filter tier 1) first, each group's first results scored
//   again by their page's boost (Material's per-page boost, carried in Pagefind's meta); within a
//   page, the section holding the query as typed first. When tier 1 fills the first page, it is
//   shown (with the whole count) before the other pages are searched for.
// - Chinese: the index holds jieba's words apart and is declared in a language Pagefind does not
//   segment; queries are cut against the site's word list (budget-words.txt).
// - A result link carries the matched words as ?h=…; the page opened from it marks them
//   (<mark data-md-highlight>, as Material does; code cells are marked by search-zh.js).
(function () {
  "use strict";
  var DECIMAL = "\u066b";
  var PAGE_SIZE = 10;
  var RERANK = 10;
  // Presence of a word, not how often a page repeats it: long tables outranked the prose.
  var RANKING = { termFrequency: 0 };
  var BEST_SECTIONS = 3;

  var LONGEST = 12;
  // The index's language (LANGUAGE in generator/pagefind_index.py): one Pagefind does not segment,
  // whatever the page's own lang="zh" (with zh, Pagefind cut queries its own way).
  var LANGUAGE = "und";
  var words = new Set(), prefixes = new Set();

  // The index holds jieba's words apart (generator/pagefind_index.py): a query's Han runs are cut
  // the same way, by longest match against the site's words; where no word starts, the rest of
  // the run is kept whole when it begins a word (公积 finds 公积金 while typing).
  function learn(text) {
    text.split("\n").forEach(function (word) {
      if (!word) return;
      words.add(word);
      for (var n = 2; n < word.length; n++) prefixes.add(word.slice(0, n));
    });
  }
  function split(run) {
    var out = [];
    for (var i = 0; i < run.length;) {
      var n = Math.min(LONGEST, run.length - i);
      while (n > 1 && !words.has(run.substr(i, n))) n--;
      if (n === 1 && run.length - i > 1 && prefixes.has(run.slice(i))) n = run.length - i;
      out.push(run.substr(i, n));
      i += n;
    }
    return out;
  }
  function toIndex(query) {
    return query.replace(/([0-9])\.(?=[0-9])/g, "$1" + DECIMAL)
      .replace(/\p{Script=Han}+/gu, function (run) { return " " + split(run).join(" ") + " "; })
      .replace(/\s+/g, " ").trim();
  }
  // Back to the page's text: points in amounts, and no space inside a Chinese phrase (the
  // index's word breaks come through Pagefind's excerpts and titles as spaces).
  function fromIndex(text) {
    return String(text || "").split(DECIMAL).join(".")
      .replace(/([\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’·])((?:<\/?mark>)?) ((?:<\/?mark>)?)(?=[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’·])/gu, "$1$2$3")
      .replace(/([0-9])((?:<\/?mark>)?) ((?:<\/?mark>)?)(?=[年月日万元个人%])/gu, "$1$2$3");
  }

  // ---- marking the words a reader searched for, on the page a result opened ----
  function highlight() {
    var terms = (new URLSearchParams(location.search).get("h") || "").split(/\s+/).filter(function (t) {
      return t.length > 1 || !/\p{Script=Han}/u.test(t);
    });
    var content = document.querySelector(".md-content article");
    if (!terms.length || !content) return;
    terms.sort(function (a, b) { return b.length - a.length; });
    var pattern = new RegExp(terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "gi");
    var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest("script, style, svg, mark, .headerlink")
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue, last = 0, match, parts = [];
      pattern.lastIndex = 0;
      while ((match = pattern.exec(text)) !== null) {
        if (!match[0]) { pattern.lastIndex++; continue; }
        parts.push(document.createTextNode(text.slice(last, match.index)));
        var mark = document.createElement("mark");
        mark.setAttribute("data-md-highlight", "");
        mark.textContent = match[0];
        parts.push(mark);
        last = match.index + match[0].length;
      }
      if (!parts.length) return;
      parts.push(document.createTextNode(text.slice(last)));
      var parent = node.parentNode;
      parts.forEach(function (part) { parent.insertBefore(part, node); });
      parent.removeChild(node);
    });
  }

  // ---- the search box ----
  function setup(root) {
    var toggle = document.getElementById("__search");
    var form = root.querySelector("form");
    var input = root.querySelector(".md-search__input");
    var meta = root.querySelector(".md-search-result__meta");
    var list = root.querySelector(".md-search-result__list");
    var next = root.querySelector(".md-search-result__next");
    var base = new URL(root.getAttribute("data-pagefind"), document.baseURI).href;
    // found: the results ranked so far; total: how many there are; rest: when only tier 1 was
    // searched, a function giving the other results (searched for on the first "show more").
    var engine = null, asked = 0, found = [], total = 0, rest = null, shown = 0, typed = "";

    function load() {
      if (!engine) {
        var vocabulary = fetch(base + "budget-words.txt").then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.text();
        }).then(learn);
        engine = Promise.all([import(base + "pagefind.js"), vocabulary]).then(function (loaded) {
          var pagefind = loaded[0];
          return pagefind.options({ basePath: base, excerptLength: 24, ranking: RANKING }).then(function () {
            // Pagefind takes its query language from <html lang> (zh here) when it starts, which
            // an option cannot override: the attribute reads LANGUAGE for that one synchronous
            // call, so no screen reader or style ever sees the change.
            var html = document.documentElement, lang = html.getAttribute("lang");
            html.setAttribute("lang", LANGUAGE);
            try { pagefind.init(); } finally { html.setAttribute("lang", lang); }
            return pagefind;
          });
        });
        engine.catch(function () { engine = null; });
      }
      return engine;
    }

    // Before the first query: as soon as the page's own scripts have run (not for a frugal
    // reader), and at the first sign of a reader reaching for search (pointer or touch on its
    // button or box). This script is deferred: it runs after the page's scripts, once the page
    // is parsed and painted, so the engine's requests take nothing the page waits for (they do
    // not hold its load event either). Waiting for idle time, or for the DOMContentLoaded
    // handlers, left a reader who taps as the page loads the chain of requests (pagefind.js,
    // its worker, entry, metadata and WebAssembly, one after the other) to wait for.
    function warm() { load().catch(function () {}); }
    if (!frugal()) warm();
    Array.prototype.forEach.call(document.querySelectorAll("label[for=__search], .md-search__form"), function (el) {
      el.addEventListener("pointerdown", warm, { passive: true });
      el.addEventListener("pointerenter", warm, { passive: true });
    });

    function count(n) {
      return n === 0 ? "没有找到符合条件的结果" : n === 1 ? "找到 1 个符合条件的结果" : n + " 个符合条件的结果";
    }

    function marked(html) {
      var words = [];
      String(html).replace(/<mark>([^<]*)<\/mark>/g, function (_, word) {
        word = fromIndex(word).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
        if (word && words.indexOf(word) < 0) words.push(word);
        return _;
      });
      return words;
    }

    function withTerms(url, words) {
      if (!words.length) return url;
      var cut = url.indexOf("#");
      var path = cut < 0 ? url : url.slice(0, cut), hash = cut < 0 ? "" : url.slice(cut);
      return path + "?h=" + words.map(encodeURIComponent).join("+") + hash;
    }

    function article(url, title, excerpt, isPage) {
      var link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = new URL(url, location.href).href;
      link.tabIndex = -1;
      var box = document.createElement("article");
      box.className = "md-search-result__article" + (isPage ? " md-typeset" : "");
      if (isPage) {
        var icon = document.createElement("div");
        icon.className = "md-search-result__icon md-icon";
        box.appendChild(icon);
      }
      var heading = document.createElement(isPage ? "h1" : "h2");
      // a heading has no table cells: a space between Han and a digit is the index's own
      heading.textContent = fromIndex(title).replace(/(\p{Script=Han}) (?=[0-9])|([0-9]) (?=\p{Script=Han})/gu, "$1$2");
      box.appendChild(heading);
      if (excerpt) {
        var p = document.createElement("p");
        excerptInto(p, excerpt);
        box.appendChild(p);
      }
      link.appendChild(box);
      return link;
    }

    // Pagefind's excerpt is the page's text, escaped, with <mark> around matches: it is parsed
    // inert (a template) and only its text and marks are copied, so no markup from the data runs.
    function excerptInto(p, excerpt) {
      var parsed = document.createElement("template");
      parsed.innerHTML = fromIndex(excerpt);
      Array.prototype.forEach.call(parsed.content.childNodes, function (node) {
        if (node.nodeName === "MARK") {
          var mark = document.createElement("mark");
          mark.textContent = node.textContent;
          p.appendChild(mark);
        } else {
          p.appendChild(document.createTextNode(node.textContent));
        }
      });
    }

    function escapeHtml(text) {
      return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    }

    // Where the page's text holds the typed query whole (spaces aside), the section it is in (by
    // its heading's place in the text) and an excerpt around it; null if it does not.
    function phraseIn(data) {
      var wanted = toIndex(typed).replace(/\s+/g, "");
      var content = String(data.content || "");
      if (wanted.length < 2 || !data.anchors) return null;
      // The text without spaces is searched first; only where it holds the query are the
      // places mapped back (a character at a time was the costliest step in showing results).
      var hit = content.replace(/\s/g, "").indexOf(wanted);
      if (hit < 0) return null;
      var start = -1, end = -1, section = null, from = 0;
      for (var i = 0, n = 0; end < 0 && i < content.length; i++) {
        if (/\s/.test(content[i])) continue;
        if (n === hit) start = i;
        if (n === hit + wanted.length - 1) end = i + 1;
        n++;
      }
      data.anchors.slice().sort(function (a, b) { return a.location - b.location; }).forEach(function (anchor) {
        var place = content.indexOf(anchor.text, from);
        if (place < 0) return;
        from = place + anchor.text.length;
        if (place <= start) section = anchor;
      });
      if (!section || !section.id) return null;
      var before = content.slice(Math.max(0, start - 30), start), after = content.slice(end, end + 60);
      return {
        id: section.id, title: section.text, url: data.url.split("#")[0] + "#" + section.id,
        excerpt: escapeHtml(before) + "<mark>" + escapeHtml(content.slice(start, end)) + "</mark>" + escapeHtml(after)
      };
    }

    function score(sub) {
      return (sub.weighted_locations || []).reduce(function (sum, l) { return sum + (l.balanced_score || 0); }, 0);
    }

    function item(data) {
      var li = document.createElement("li");
      li.className = "md-search-result__item";
      var subs = (data.sub_results || []).filter(function (sub) { return sub.url !== data.url && score(sub) > 0; });
      var words = marked(data.excerpt);
      subs.forEach(function (sub) { marked(sub.excerpt).forEach(function (w) { if (words.indexOf(w) < 0) words.push(w); }); });
      li.appendChild(article(withTerms(data.url, words), data.meta && data.meta.title || data.url, data.excerpt, true));
      // The section holding the query as typed (区信息公开服务中心, not only its words apart)
      // comes first, with an excerpt around it; then the sections Pagefind scores best.
      var exact = phraseIn(data);
      if (exact) {
        var own = subs.filter(function (sub) { return sub.anchor && sub.anchor.id === exact.id; })[0];
        subs = subs.filter(function (sub) { return sub !== own; });
        li.appendChild(article(withTerms(exact.url, words), own ? own.title : exact.title, exact.excerpt, false));
      }
      subs.sort(function (a, b) { return score(b) - score(a); });
      subs.slice(0, exact ? BEST_SECTIONS - 1 : BEST_SECTIONS).forEach(function (sub) {
        li.appendChild(article(withTerms(sub.url, words), sub.title, sub.excerpt, false));
      });
      return li;
    }

    // Pagefind ranks by the words alone; the kind of page counts too, as Material's per-page
    // boost did. The pages that explain (a year's list of units, a unit's landing page and its
    // 预算情况说明: filter tier 1, generator/pagefind_index.py) come before tables, glossaries and
    // the data editors' reference, and the first RERANK results of each group are scored again
    // with their page's boost (fragment meta); later ones keep Pagefind's order.
    function rerank(results, n) {
      var head = results.slice(0, n);
      return Promise.all(head.map(function (r) { return r.data(); })).then(function (all) {
        var scored = head.map(function (r, i) {
          var boost = parseFloat(all[i].meta && all[i].meta.boost);
          return { data: all[i], score: r.score * (isFinite(boost) ? boost : 1), at: i };
        });
        scored.sort(function (a, b) { return b.score - a.score || a.at - b.at; });
        return scored.map(function (s) { return s.data; }).concat(results.slice(n));
      });
    }

    function others(primary, everything) {
      var seen = new Set(primary.map(function (r) { return r.id; }));
      return everything.filter(function (r) { return !seen.has(r.id); });
    }

    function ranked(primary, everything) {
      var n = Math.min(RERANK, primary.length);
      return Promise.all([rerank(primary, n), rerank(others(primary, everything), RERANK - n)]).then(function (both) {
        return both[0].concat(both[1]);
      });
    }

    // The first answer to a query: tier 1 searched alone, which also counts every result. When
    // it fills the first page, that page is tier 1 reranked and the rest waits (searching every
    // page costs the phone as much again); otherwise every page is searched and ranked now.
    function answer(pagefind, terms) {
      return pagefind.search(terms, { filters: { tier: "1" } }).then(function (primary) {
        if (!primary) return null;
        if (primary.results.length >= RERANK) {
          var later = null;
          return rerank(primary.results, RERANK).then(function (head) {
            return {
              results: head, total: primary.unfilteredResultCount,
              rest: function () {
                later = later || pagefind.search(terms).then(function (everything) {
                  return others(primary.results, everything.results);
                }, function (error) { later = null; throw error; });
                return later;
              }
            };
          });
        }
        return pagefind.search(terms).then(function (everything) {
          if (!everything) return null;
          return ranked(primary.results, everything.results).then(function (results) {
            return { results: results, total: results.length, rest: null };
          });
        });
      });
    }

    function showMore(ticket) {
      next.hidden = true;
      var ready = Promise.resolve();
      if (rest && shown + PAGE_SIZE > found.length) {
        ready = rest().then(function (more) {
          if (ticket !== asked) return;
          found = found.concat(more);
          rest = null;
        });
      }
      return ready.then(function () {
        if (ticket !== asked) return;
        var page = found.slice(shown, shown + PAGE_SIZE);
        shown += page.length;
        return Promise.all(page.map(function (r) { return r.data ? r.data() : r; })).then(function (all) {
          if (ticket !== asked) return;
          all.forEach(function (data) { list.appendChild(item(data)); });
          next.hidden = shown >= total;
        });
      });
    }

    function search() {
      var query = input.value.trim();
      var ticket = ++asked;
      typed = query.replace(/\s+/g, "");
      if (!query) {
        list.innerHTML = "";
        next.hidden = true;
        meta.textContent = "键入以开始搜索";
        return;
      }
      meta.textContent = engine ? "正在搜索" : "正在初始化搜索引擎";
      load().then(function (pagefind) {
        return ticket === asked ? answer(pagefind, toIndex(query)) : null;
      }).then(function (answered) {
        if (ticket !== asked || !answered) return;
        found = answered.results;
        total = answered.total;
        rest = answered.rest;
        shown = 0;
        list.innerHTML = "";
        return showMore(ticket).then(function () {
          if (ticket === asked) meta.textContent = count(total);
        });
      }).catch(function () {
        if (ticket === asked) meta.textContent = "搜索暂时不可用，请稍后再试";
      });
    }

    function links() { return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link")); }
    function open() {
      if (!toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); }
      input.focus();
    }
    function close() {
      if (toggle.checked) { toggle.checked = false; toggle.dispatchEvent(new Event("change")); }
      input.blur();
    }

    input.addEventListener("input", search);
    input.addEventListener("focus", function () { if (!toggle.checked) toggle.checked = true; load(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { search(); input.focus(); }); });
    next.addEventListener("click", function () {
      showMore(asked).catch(function () { next.hidden = false; });  // a failed fetch: the reader may try again
    });
    toggle.addEventListener("change", function () {
      if (toggle.checked) setTimeout(function () { input.focus(); }, 0);
      else input.blur();
    });

    document.addEventListener("keydown", function (event) {
      var target = event.target, editing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (!toggle.checked) {
        if (!editing && (event.key === "/" || event.key === "s" || event.key === "S")) { event.preventDefault(); open(); }
        return;
      }
      var all = links(), at = all.indexOf(document.activeElement);
      if (event.key === "Escape") { event.preventDefault(); close(); }
      else if (event.key === "Enter" && target === input && all.length) { event.preventDefault(); all[0].click(); }
      else if (event.key === "ArrowDown" && all.length && (target === input || at >= 0)) {
        event.preventDefault(); all[Math.min(at + 1, all.length - 1)].focus();
      } else if (event.key === "ArrowUp" && (at >= 0)) {
        event.preventDefault(); if (at === 0) input.focus(); else all[at - 1].focus();
      }
    });
  }

  // A reader who pays for data (Save-Data on) or waits for it (2G) gets the engine only on asking.
  function frugal() {
    var connection = navigator.connection;
    return !!connection && (connection.saveData === true || /2g$/.test(connection.effectiveType || ""));
  }

  function start() {
    highlight();
    var root = document.querySelector("[data-budget-search]");
    if (root) setup(root);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
