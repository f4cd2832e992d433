// Chinese queries, split into the words the search index holds before Material searches them.
//
// The index is segmented with jieba at build time (住房公积金 → 住房 | 公积金). Material 9.8 then
// splits a Han query with the index's words itself, with two faults, measured in Chromium:
//  - a word may never end at the last character (its loop stops at j < query.length), so
//    住房公积金 is searched as 住房* 公*, and 公 matches every 公开 on the site;
//  - every word but the last gets a second wildcard (三公** 经费*), so results list 三公 as
//    "缺少" (missing) and rank lower.
// So this script learns the index's words from the index Material hands its search worker, splits
// each Han run of a query by longest match, and sends the words separated by spaces, each followed
// by a character that starts no word (U+3400), which lets Material's splitter keep it whole and
// is itself never searched. Runs of one character are left alone: while typing, 住 still finds
// 住房 by prefix. Works with the real worker and with iframe-worker's shim under file://.
(function () {
  "use strict";
  var SENTINEL = "\u3400";
  var HAN_RUN = /\p{Script=Han}+/gu;
  var LONGEST = 12;  // longer jieba words are rare; longer runs are split further
  var words = null;

  function learn(index) {
    var separator = new RegExp(index.config.separator, "g");
    var found = new Set();
    index.docs.forEach(function (doc) {
      [doc.title, doc.text].forEach(function (field) {
        String(field || "").split(separator).forEach(function (token) {
          (token.match(HAN_RUN) || []).forEach(function (run) { found.add(run); });
        });
      });
    });
    words = found;
  }

  function split(run) {
    var out = [];
    for (var i = 0; i < run.length;) {
      var n = Math.min(LONGEST, run.length - i);
      while (n > 1 && !words.has(run.substr(i, n))) n--;
      out.push(run.substr(i, n));
      i += n;
    }
    return out;
  }

  function rewrite(query) {
    return query.replace(HAN_RUN, function (run) {
      if (run.length < 2) return run;
      return split(run).map(function (word) {
        return word.length > 1 ? word + SENTINEL : word;
      }).join(" ");
    });
  }

  function patch(Worker) {
    if (!Worker || !Worker.prototype || Worker.prototype.__zhQuery) return;
    var post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message) {
      var data = message && message.data;
      if (data && data.config && data.docs && typeof data.config.separator === "string") {
        try { learn(data); } catch (e) { words = null; }  // an index we cannot read: leave queries as typed
      } else if (words && typeof data === "string" && data.indexOf(SENTINEL) < 0) {
        arguments[0] = Object.assign({}, message, { data: rewrite(data) });
      }
      return post.apply(this, arguments);
    };
    Worker.prototype.__zhQuery = true;
  }

  patch(window.Worker);

  // A search result opened for a code (2080505) lands on a table whose 类, 款 and 项 are separate
  // cells ("208" "05" "05"): Material's highlighter, which marks words inside one text node,
  // finds nothing. So the code cells of each row whose code equals a term of ?h= are marked here,
  // the same way (<mark data-md-highlight>). Amounts (133.05) sit in one cell: Material marks them.
  function markCodes() {
    var terms = (new URLSearchParams(location.search).get("h") || "").split(/\s+/).filter(function (t) {
      return /^[0-9]{3,}$/.test(t);
    });
    if (!terms.length) return;
    Array.prototype.forEach.call(document.querySelectorAll(".md-content tr"), function (row) {
      var cells = Array.prototype.slice.call(row.querySelectorAll("td.code"));
      var code = cells.map(function (cell) { return cell.textContent.trim(); }).join("");
      if (!code || terms.indexOf(code) < 0) return;
      cells.forEach(function (cell) {
        if (!cell.textContent.trim()) return;
        var mark = document.createElement("mark");
        mark.setAttribute("data-md-highlight", "");
        while (cell.firstChild) mark.appendChild(cell.firstChild);
        cell.appendChild(mark);
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", markCodes);
  else markCodes();

  // Material searches on keyup: a query pasted, committed by an input method or dictated (and
  // Playwright's fill()) fires only "input", and the results stayed at 键入以开始搜索. Each input
  // is passed on as a keyup; Material ignores a value it has already searched.
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (box && box.classList && box.classList.contains("md-search__input")) {
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    }
  });
})();
