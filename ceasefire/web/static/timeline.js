// The timeline chart (uPlot, vendored): bars per day (or week), stacked by the side whose forces
// are reported acting, statements apart, from the JSON twin of this page (same filter). Bars,
// not lines: a quiet day is an empty slot, never a line drawn across a gap.
(function () {
  "use strict";
  var el = document.getElementById("chart");
  if (!el || typeof uPlot === "undefined") { return; }
  var palette = ["#c0392b", "#1f5f99", "#2e8b57", "#8e44ad", "#d35400", "#7f8c8d"];
  fetch(el.dataset.src, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (t) {
      if (!t.days.length) { el.textContent = "Nothing dated to the day or week here."; return; }
      // x is the bucket's index: every day (or week) is one evenly spaced slot, labelled by date
      var xs = t.days.map(function (d, i) { return i; });
      var n = t.groups.length;
      // stacked: series i holds the sum of groups i..n-1, drawn from the tallest down, so each
      // visible segment is one group's count; the legend shows the group's own count
      var data = [xs];
      var series = [{ label: t.unit, value: function (u, v) { return v == null || !t.days[v] ? "" : t.days[v].label; } }];
      var bars = uPlot.paths.bars({ size: [0.8, 40], align: 0 });
      t.groups.forEach(function (g, i) {
        data.push(t.days.map(function (d) {
          var s = 0;
          for (var k = i; k < n; k++) { s += d.counts[k]; }
          return s;
        }));
        series.push({
          label: g.label,
          stroke: palette[i % palette.length],
          fill: palette[i % palette.length],
          width: 0,
          paths: bars,
          points: { show: false },
          value: function (u, v, sidx, idx) { return idx == null ? "" : String(t.days[idx].counts[i]); }
        });
      });
      var width = Math.max(280, Math.min(el.clientWidth || 900, 1200));
      new uPlot({ width: width, height: 300, series: series,
                  scales: { x: { time: false, range: function () { return [-0.5, xs.length - 0.5]; } },
                            y: { range: function (u, lo, hi) { return [0, Math.max(1, hi + 1)]; } } },
                  axes: [{ space: 70, incrs: [1, 2, 7, 14, 28, 56, 91, 182, 364],
                           values: function (u, splits) {
                             return splits.map(function (i) { return t.days[i] ? t.days[i].day : ""; });
                           } },
                         { label: "incidents per " + t.unit, incrs: [1, 2, 5, 10, 20, 50, 100] }] }, data, el);
      el.dataset.drawn = String(xs.length);
    })
    .catch(function (e) { el.textContent = "Could not draw the timeline: " + e.message; });
})();
