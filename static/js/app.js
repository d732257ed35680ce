// Every page: a table that scrolls inside its card can be reached and scrolled by
// keyboard (WCAG 2.1.1; axe's scrollable-region-focusable), and only such a table
// becomes a tab stop. No inline script: loaded with defer by base.html.
(function () {
  "use strict";

  function markScrollRegions(root) {
    var scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll(".table-scroll, .alerts-scroll, .history-panel").forEach(function (region) {
      var scrolls = region.scrollWidth > region.clientWidth + 1 || region.scrollHeight > region.clientHeight + 1;
      if (scrolls && !region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "0");
        if (!region.hasAttribute("role")) {
          region.setAttribute("role", "region");
        }
        if (!region.hasAttribute("aria-label") && !region.hasAttribute("aria-labelledby")) {
          var caption = region.querySelector("caption, h2, th");
          region.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
        }
      } else if (!scrolls && region.getAttribute("tabindex") === "0" && region.dataset.autoFocusable === "1") {
        region.removeAttribute("tabindex");
      }
      if (scrolls) {
        region.dataset.autoFocusable = "1";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { markScrollRegions(document); });
  window.addEventListener("resize", function () { markScrollRegions(document); });
  document.addEventListener("htmx:afterSettle", function (event) { markScrollRegions(event.target); });
  document.addEventListener("toggle", function (event) { markScrollRegions(event.target); }, true);
  // A button marked data-print prints the page (the coordination report's print CSS).
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
