// Draws every chart whose figure a page emits with json_script as
// <script type="application/json" id="chart-data-NAME"> into <div id="chart-NAME">.
// No inline script: this file is loaded with defer, after plotly-mcp.min.js.
(function () {
  "use strict";

  var PREFIX = "chart-data-";
  var NARROW = 600; // px: below this the screen is a phone (app.css uses the same width)
  var pending = 0;
  var templates = {};

  // Figures name their template ("simple_white"); the page carries each one once.
  function withTemplate(layout) {
    var name = layout.template;
    if (typeof name === "string") {
      if (!(name in templates)) {
        var source = document.getElementById("plotly-template-" + name);
        templates[name] = source ? JSON.parse(source.textContent) : undefined;
      }
      layout.template = templates[name];
    }
    return layout;
  }

  // On a phone: smaller type and margins; a heatmap keeps a readable width and scrolls
  // sideways inside its card (its cells and column labels would print over each other).
  var HEATMAP_WIDTH = 640;
  function forWidth(figure, target) {
    var layout = figure.layout;
    var width = target.clientWidth || window.innerWidth;
    if (window.innerWidth >= NARROW) {
      return layout;
    }
    layout.font = Object.assign({}, layout.font, { size: 10 });
    var margin = layout.margin || {};
    var isHeatmap = figure.data.some(function (trace) { return trace.type === "heatmap"; });
    if (isHeatmap) {
      layout.width = HEATMAP_WIDTH;
      layout.autosize = false;
      figure.config = Object.assign({}, figure.config, { responsive: false });
      var holder = target.parentElement;
      holder.classList.add("chart-scroll");
      holder.setAttribute("tabindex", "0");
      holder.setAttribute("role", "region");
      holder.setAttribute("aria-label", target.getAttribute("aria-label") || "");
      return layout;
    }
    layout.margin = Object.assign({}, margin, {
      l: Math.min(margin.l || 50, Math.round(width * 0.4)),
      r: Math.min(margin.r || 20, 16),
    });
    return layout;
  }

  // When every chart is drawn, record how long after navigation (for `make bench`).
  function chartDone(target) {
    target.dataset.drawn = "done";
    pending -= 1;
    if (pending === 0) {
      document.body.dataset.chartsDrawnMs = String(Math.round(performance.now()));
    }
  }

  function offerDownload(name, target, config) {
    var button = document.querySelector('.chart-download[data-chart="' + name + '"]');
    if (!button || button.dataset.ready === "1") {
      return;
    }
    button.dataset.ready = "1";
    button.hidden = false;
    button.addEventListener("click", function () {
      window.Plotly.downloadImage(target, config.toImageButtonOptions || { format: "png" });
    });
  }

  function drawAll(root) {
    if (typeof window.Plotly === "undefined") {
      return;
    }
    var scope = root && root.querySelectorAll ? root : document;
    var scripts = scope.querySelectorAll('script[type="application/json"][id^="' + PREFIX + '"]');
    scripts.forEach(function (script) {
      var name = script.id.slice(PREFIX.length);
      var target = document.getElementById("chart-" + name);
      if (!target || target.dataset.drawn === "1") {
        return;
      }
      var figure = JSON.parse(script.textContent);
      withTemplate(figure.layout);
      var layout = forWidth(figure, target);
      target.dataset.drawn = "1";
      pending += 1;
      delete document.body.dataset.chartsDrawnMs;
      window.Plotly.newPlot(target, figure.data, layout, figure.config).then(function () {
        fitForPrint(target);
        target.on("plotly_afterplot", function () { fitForPrint(target); });
        chartDone(target);
        offerDownload(name, target, figure.config);
      });
    });
  }

  // htmx restores a snapshot of the page's HTML, without plotly's state: draw afresh.
  function redrawAll() {
    document.querySelectorAll("[data-drawn]").forEach(function (element) {
      element.innerHTML = "";
      element.className = "chart";
      delete element.dataset.drawn;
    });
    document.querySelectorAll(".chart-download").forEach(function (button) {
      delete button.dataset.ready;
    });
    drawAll(document);
  }

  // Print: each chart scales to the width of its printed box (dashboard.css @media
  // print) through an SVG viewBox, whatever width the print layout gives it, so nothing
  // is cut on the right of an A4 page. Kept up to date after every drawing (a PDF
  // export fires no beforeprint); on screen the viewBox equals the SVG's own size.
  var PRINT_HEIGHT_MM = 170; // A4 landscape: 194 mm inside the margins, less a heading
  function fitForPrint(target) {
    var scope = target && target.querySelectorAll ? target : document;
    scope.querySelectorAll("svg.main-svg").forEach(function (svg) {
      var width = Number(svg.getAttribute("width"));
      var height = Number(svg.getAttribute("height"));
      if (!width || !height) {
        return;
      }
      svg.setAttribute("viewBox", "0 0 " + width + " " + height);
      svg.parentElement.style.setProperty("--chart-aspect", width + " / " + height);
      // A tall chart (the heatmap) narrows so that it fits a page's height whole; a page
      // may ask for less (--print-height-mm: the unit page's four charts on one page).
      var block = svg.closest(".chart-block");
      if (block) {
        var limit = parseFloat(getComputedStyle(block).getPropertyValue("--print-height-mm")) || PRINT_HEIGHT_MM;
        block.style.setProperty("--print-max-width", "calc(" + limit + "mm * " + (width / height).toFixed(3) + ")");
      }
    });
  }
  window.mcpCharts = { fitForPrint: fitForPrint };

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.body.addEventListener("htmx:afterSettle", function () { drawAll(document); });
  document.body.addEventListener("htmx:historyRestore", redrawAll);
  window.addEventListener("beforeprint", function () { fitForPrint(document); });
})();
