// Sorts a <table data-sortable> by the column whose heading button is pressed, without
// a reload. Cells carry data-sort-value (machine-readable, unlocalized) where needed.
(function () {
  "use strict";

  function cellValue(row, index, type) {
    var cell = row.children[index];
    var raw = cell ? (cell.dataset.sortValue !== undefined ? cell.dataset.sortValue : cell.textContent) : "";
    return type === "number" ? parseFloat(raw) : raw.trim().toLocaleLowerCase();
  }

  function sortBy(table, header, button) {
    var headers = Array.prototype.slice.call(header.parentElement.children);
    var index = headers.indexOf(header);
    var type = button.dataset.sortType || "text";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, type);
      var y = cellValue(b, index, type);
      var order = type === "number" ? x - y : x.localeCompare(y);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function setUp(root) {
    root.querySelectorAll("table[data-sortable]").forEach(function (table) {
      if (table.dataset.sortReady) {
        return;
      }
      table.dataset.sortReady = "1";
      table.querySelectorAll("thead th button").forEach(function (button) {
        button.addEventListener("click", function () {
          sortBy(table, button.closest("th"), button);
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.body.addEventListener("htmx:afterSettle", function () { setUp(document); });
})();
