// The units list (单位列表): a box that filters the rows of every table marked data-unit-list by
// unit name or code, and says how many are shown in a live region. Without JavaScript the box
// stays hidden and every unit is listed. A word matches a unit whose name contains it or whose
// code starts with it ("20" finds 201001, not 102001). No request, no library.
(function () {
  "use strict";

  var box = document.querySelector("[data-unit-filter]");
  var tables = document.querySelectorAll("table[data-unit-list]");
  if (!box || !tables.length) return;
  var input = box.querySelector("input");
  var count = box.querySelector(".unit-filter__count");
  var rows = [];
  tables.forEach(function (table) {
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var code = row.cells[0] ? row.cells[0].textContent : "";
      var name = row.querySelector("th") ? row.querySelector("th").textContent : "";
      rows.push({ row: row, table: table, code: code.trim(), name: name.toLowerCase() });
    });
  });

  function apply() {
    var words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    var perTable = new Map();
    rows.forEach(function (r) {
      var hit = words.every(function (w) { return r.name.indexOf(w) !== -1 || r.code.indexOf(w) === 0; });
      r.row.hidden = !hit;
      if (hit) shown += 1;
      perTable.set(r.table, (perTable.get(r.table) || 0) + (hit ? 1 : 0));
    });
    perTable.forEach(function (n, table) {
      var region = table.closest(".budget-table");
      var heading = region && region.previousElementSibling;
      if (region) region.hidden = n === 0;
      if (heading && /^H[2-6]$/.test(heading.tagName)) heading.hidden = n === 0;
    });
    count.textContent = words.length
      ? "找到" + shown + "个单位（共" + rows.length + "个）"
      : "共" + rows.length + "个单位";
  }

  box.hidden = false;
  input.addEventListener("input", apply);
  apply();
})();
