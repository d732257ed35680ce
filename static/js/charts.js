// Draws every chart whose figure a page emits with json_script as
// <script type="application/json" id="chart-data-NAME"> into <div id="chart-NAME">.
// No inline script: this file is loaded with defer, after plotly.min.js.
(function () {
  "use strict";

  var PREFIX = "chart-data-";
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

  // When every chart is drawn, record how long after navigation (for `make bench`).
  function chartDone(target) {
    target.dataset.drawn = "done";
    pending -= 1;
    if (pending === 0) {
      document.body.dataset.chartsDrawnMs = String(Math.round(performance.now()));
    }
  }

  function drawAll(root) {
    if (typeof window.Plotly === "undefined") {
      return;
    }
    var scope = root && root.querySelectorAll ? root : document;
    var scripts = scope.querySelectorAll('script[type="application/json"][id^="' + PREFIX + '"]');
    scripts.forEach(function (script) {
      var target = document.getElementById("chart-" + script.id.slice(PREFIX.length));
      if (!target || target.dataset.drawn === "1") {
        return;
      }
      var figure = JSON.parse(script.textContent);
      target.dataset.drawn = "1";
      pending += 1;
      delete document.body.dataset.chartsDrawnMs;
      window.Plotly.newPlot(target, figure.data, withTemplate(figure.layout), figure.config).then(function () {
        chartDone(target);
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
    drawAll(document);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.body.addEventListener("htmx:afterSettle", function () { drawAll(document); });
  document.body.addEventListener("htmx:historyRestore", redrawAll);
  // Print: fit each chart to its printed box (dashboard.css) with a compact legend.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".js-plotly-plot").forEach(function (element) {
      element.dataset.screenHeight = String(element.layout.height || "");
      window.Plotly.relayout(element, {
        height: element.clientHeight || 240,
        width: element.clientWidth,
        "legend.font.size": 8,
        "title.font.size": 11,
      });
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll(".js-plotly-plot").forEach(function (element) {
      window.Plotly.relayout(element, {
        height: Number(element.dataset.screenHeight) || null,
        width: null,
        "legend.font.size": null,
        "title.font.size": 15,
      });
    });
  });
})();
