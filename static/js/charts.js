// Draws every chart whose figure a page emits with json_script as
// <script type="application/json" id="chart-data-NAME"> into <div id="chart-NAME">.
// No inline script: this file is loaded with defer, after plotly.min.js.
(function () {
  "use strict";

  var PREFIX = "chart-data-";

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
      window.Plotly.newPlot(target, figure.data, figure.layout, figure.config).then(function () {
        target.dataset.drawn = "done";
        document.dispatchEvent(new CustomEvent("chart:drawn", { detail: { id: target.id } }));
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
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".js-plotly-plot").forEach(function (element) {
      window.Plotly.Plots.resize(element);
    });
  });
})();
