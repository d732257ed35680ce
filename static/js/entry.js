// Score entry grid: Enter moves down a column (Shift+Enter up) like a spreadsheet,
// Tab moves right natively; a cell that asks for a reason or confirmation gets focus.
(function () {
  "use strict";

  document.documentElement.classList.add("js-entry");

  function inputInColumn(row, index) {
    const cell = row.cells[index];
    return cell ? cell.querySelector(".cell-input") : null;
  }

  function moveVertically(input, step) {
    const cell = input.closest("td");
    let row = cell.parentElement;
    for (;;) {
      row = step > 0 ? row.nextElementSibling : row.previousElementSibling;
      if (!row) {
        return false;
      }
      const next = inputInColumn(row, cell.cellIndex);
      if (next) {
        next.focus();
        next.select();
        return true;
      }
    }
  }

  document.addEventListener("keydown", function (event) {
    const input = event.target;
    if (event.key !== "Enter" || !(input instanceof HTMLInputElement)) {
      return;
    }
    if (!input.closest("#entry-grid td.cell")) {
      return;
    }
    // Enter in a text field would submit the whole grid: save this cell instead.
    event.preventDefault();
    if (input.type === "checkbox") {
      input.click();
      return;
    }
    if (!moveVertically(input, event.shiftKey ? -1 : 1)) {
      input.blur();
    }
  });

  // A block copied from a spreadsheet (tabs between cells, line breaks between rows)
  // goes to the server whole with the grid's versions, which saves all of it or none
  // and sends the grid back; a single value pastes into the cell as usual.
  document.addEventListener("paste", function (event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.classList.contains("cell-input")) {
      return;
    }
    const form = input.closest("#entry-grid");
    const text = event.clipboardData ? event.clipboardData.getData("text/plain") : "";
    if (!form || !/[\t\r\n]/.test(text.replace(/(\r\n|\n|\r)+$/, ""))) {
      return;
    }
    event.preventDefault();
    window.htmx.ajax("POST", form.dataset.pasteUrl, {
      source: form,
      target: form,
      swap: "outerHTML",
      values: { paste: text, "paste-at": input.name.replace(/^v-/, "") },
    });
  });

  document.addEventListener("htmx:afterSettle", function () {
    const waiting = document.querySelector("#entry-grid [data-autofocus]");
    if (waiting) {
      waiting.removeAttribute("data-autofocus");
      waiting.focus();
    }
  });

  document.addEventListener("click", function (event) {
    const close = event.target.closest("[data-close-history]");
    if (close) {
      document.getElementById("history-panel").replaceChildren();
    }
  });
})();
