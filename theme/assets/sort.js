// Sortable unit tables (year and home pages): a header marked data-sort becomes a button that
// sorts the rows by that column, ascending then descending, and says so with aria-sort. A cell's
// data-value (a plain number) is used when present, else its text. Without JavaScript the table
// stays as generated, in unit-code order. No request, no library.
(function () {
  "use strict";

  function value(row, index, numeric) {
    var cell = row.children[index];
    var raw = cell ? (cell.getAttribute("data-value") || cell.textContent).trim() : "";
    if (!numeric) return raw;
    var n = parseFloat(raw.replace(/[^0-9.\-]/g, ""));
    return isNaN(n) ? null : n;
  }

  function compare(a, b, numeric) {
    if (a === b) return 0;
    if (a === null || a === "") return 1;   // blanks last, whichever the direction
    if (b === null || b === "") return -1;
    return numeric ? a - b : a.localeCompare(b, "zh-CN");
  }

  function sort(table, th, index) {
    var numeric = th.getAttribute("data-sort") === "num";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, i) {
      return { row: row, key: value(row, index, numeric), i: i };
    });
    rows.sort(function (x, y) {
      var blank = x.key === null || x.key === "" || y.key === null || y.key === "";
      var c = compare(x.key, y.key, numeric);
      return (blank || ascending ? c : -c) || x.i - y.i;
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
    table.querySelectorAll("th[aria-sort]").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    table.querySelectorAll("thead th[data-sort]").forEach(function (th) {
      var index = Array.prototype.indexOf.call(th.parentNode.children, th);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sort(table, th, index); });
    });
  });
})();
