// The timeline chart (uPlot, vendored): events and statements per day by side, from /api/timeline.
(function () {
  "use strict";
  var el = document.getElementById("chart");
  if (!el || typeof uPlot === "undefined") { return; }
  var palette = ["#c0392b", "#1f5f99", "#2e8b57", "#8e44ad", "#d35400", "#7f8c8d"];
  fetch(el.dataset.src, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (t) {
      if (!t.days.length) { el.textContent = "Nothing dated to the day yet."; return; }
      var xs = t.days.map(function (d) { return Date.parse(d.day + "T00:00:00Z") / 1000; });
      var data = [xs];
      var series = [{}];
      t.sides.forEach(function (side, i) {
        data.push(t.days.map(function (d) { return d.events[i]; }));
        series.push({ label: "events by " + side, stroke: palette[i % palette.length], width: 2,
                      points: { show: true, size: 7 } });
        data.push(t.days.map(function (d) { return d.statements[i]; }));
        series.push({ label: "statements by " + side, stroke: palette[i % palette.length], width: 1,
                      dash: [6, 4], points: { show: true, size: 5 } });
      });
      var width = Math.max(320, Math.min(el.clientWidth || 900, 1200));
      new uPlot({ width: width, height: 300, series: series,
                  scales: { x: { time: true }, y: { range: function (u, lo, hi) { return [0, Math.max(1, hi + 1)]; } } },
                  axes: [{}, { label: "incidents" }] }, data, el);
      el.dataset.drawn = String(xs.length);
    })
    .catch(function (e) { el.textContent = "Could not draw the timeline: " + e.message; });
})();
