// Score entry grid: Enter moves down a column (Shift+Enter up) like a spreadsheet,
// Tab moves right natively; a cell that asks for a reason or confirmation gets focus.
// Tab stops only on the cells: Alt+Enter opens the focused cell's history (with a link
// to the unit's page) and Escape closes it again, back to the cell. Leaving the page
// with a value not yet saved asks first. The status and source chosen for new values
// are kept for the browser tab's session.
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

  let historyOf = null; // the cell whose history the panel shows

  function openHistory(cell) {
    const form = document.getElementById("entry-grid");
    const key = cell.id.replace(/^cell-/, "");
    if (!form || !form.dataset.historyBase || !window.htmx) {
      return;
    }
    historyOf = cell;
    window.htmx
      .ajax("GET", form.dataset.historyBase + key + "/", {
        target: "#history-panel",
        swap: "innerHTML",
      })
      .then(function () {
        const title = document.getElementById("history-title");
        if (title) {
          title.focus();
        }
      });
  }

  function closeHistory() {
    document.getElementById("history-panel").replaceChildren();
    if (historyOf && document.body.contains(historyOf)) {
      const input = historyOf.querySelector("input:not([type=hidden])");
      if (input) {
        input.focus();
      }
    }
    historyOf = null;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.altKey) {
      const cell = event.target.closest && event.target.closest("#entry-grid td.cell");
      if (cell) {
        event.preventDefault();
        event.stopImmediatePropagation();
        openHistory(cell);
      }
      return;
    }
    if (event.key === "Escape" && document.querySelector("#history-panel > *")) {
      const inPanel = event.target.closest && event.target.closest("#history-panel");
      const inGrid = event.target.closest && event.target.closest("#entry-grid td.cell");
      if (inPanel || inGrid) {
        event.preventDefault();
        closeHistory();
      }
    }
  }, true);

  document.addEventListener("click", function (event) {
    const close = event.target.closest("[data-close-history]");
    if (close) {
      closeHistory();
      return;
    }
    const link = event.target.closest("#entry-grid .cell-history");
    if (link) {
      historyOf = link.closest("td.cell");
    }
  });

  // A value typed but not yet sent, a save still on its way, or one refused or waiting
  // for its reason or confirmation: leaving now would lose it.
  function unsavedCells() {
    const grid = document.getElementById("entry-grid");
    if (!grid) {
      return 0;
    }
    let count = grid.querySelectorAll("td.cell.has-error, td.cell.htmx-request").length;
    grid.querySelectorAll("td.cell:not(.has-error) .cell-input").forEach(function (input) {
      if (input.value !== input.defaultValue) {
        count += 1;
      }
    });
    return count;
  }

  let submitting = false;
  document.addEventListener("submit", function (event) {
    // The grid's own save (without JavaScript's cell saves) sends every value.
    submitting = event.target.id === "entry-grid";
  });

  window.addEventListener("beforeunload", function (event) {
    if (!submitting && unsavedCells() > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  const remembered = ["new-status", "new-source"];
  function restoreNewValueChoice() {
    remembered.forEach(function (id) {
      const field = document.getElementById(id);
      const kept = window.sessionStorage.getItem("entry:" + id);
      if (field && kept !== null && !field.value) {
        field.value = kept;
      }
    });
  }
  document.addEventListener("change", function (event) {
    if (remembered.indexOf(event.target.id) >= 0) {
      window.sessionStorage.setItem("entry:" + event.target.id, event.target.value);
    }
  });
  restoreNewValueChoice();
  document.addEventListener("htmx:afterSettle", restoreNewValueChoice);
})();
