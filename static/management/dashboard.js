/* Draws the dashboard's charts with the locally served Chart.js, from the JSON data block
   <script type="application/json" id="report-charts"> (data, not code: the CSP allows no inline script).
   Each <canvas data-chart="key"> gets the chart of that key; the numbers stay in the table below it. */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("report-charts");
    if (!source || typeof window.Chart === "undefined") { return; }
    var charts = JSON.parse(source.textContent || "{}");
    var canvases = document.querySelectorAll("canvas[data-chart]");
    Array.prototype.forEach.call(canvases, function (canvas) {
      var spec = charts[canvas.getAttribute("data-chart")];
      if (!spec || !spec.labels.length) { canvas.parentNode.hidden = true; return; }
      new window.Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: spec.datasets },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          locale: document.documentElement.lang || "id",  // 12.000.000 in Indonesian, 12,000,000 in English
          plugins: { legend: { display: spec.datasets.length > 1 } },
          scales: { y: { beginAtZero: true } }
        }
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
