// Sort a table by a column when its header is clicked: numbers, dates (ISO in data-value) and
// text by the page's language; a second click reverses. No library, no network.
(function () {
  "use strict";
  var collator = new Intl.Collator(document.documentElement.lang, { numeric: true });
  function key(cell, kind) {
    var value = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
    if (kind === "number" || kind === "verdict") { var n = parseFloat(value); return isNaN(n) ? -Infinity : n; }
    return value;
  }
  document.querySelectorAll("table#dossiers th").forEach(function (header, column) {
    header.querySelector("button").addEventListener("click", function () {
      var table = header.closest("table");
      var kind = header.getAttribute("data-sort");
      var ascending = header.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a.cells[column], kind), y = key(b.cells[column], kind);
        var order = typeof x === "number" ? (x < y ? -1 : x > y ? 1 : 0) : collator.compare(x, y);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
