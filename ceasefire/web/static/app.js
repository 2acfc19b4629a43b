// Progressive enhancement for every page: pages work without it; it only polls ingest jobs.
(function () {
  "use strict";

  function text(el, value) { if (el) { el.textContent = value; } }

  function showJob(box, job) {
    box.dataset.state = job.state;
    text(document.getElementById("job-state"), job.state);
    text(document.getElementById("job-stage"), job.stage);
    text(document.getElementById("job-error"), job.error || "");
    var bar = document.getElementById("job-progress");
    if (bar) { bar.max = Math.max(job.total, 1); bar.value = job.done; }
    text(document.getElementById("job-detail"),
      job.done + " of " + job.total + " inputs read · " + job.extracted + " documents extracted" +
      (job.last ? " · " + job.last : ""));
    var result = document.getElementById("job-result");
    if (!result) { return; }
    result.replaceChildren();
    if (job.report && job.report.stored !== undefined) {
      var p = document.createElement("p");
      p.textContent = job.report.stored + " stored · " + job.report.duplicate + " duplicate · " +
        job.report.near_duplicate + " near-copies · " + job.report.rejected + " rejected";
      result.appendChild(p);
      var ul = document.createElement("ul");
      (job.report.rejections || []).forEach(function (r) {
        var li = document.createElement("li");
        li.className = "rejected";
        li.textContent = "rejected " + r.source + ": " + r.reason + ": " + r.detail;
        ul.appendChild(li);
      });
      result.appendChild(ul);
    }
    if (job.state === "done") {
      var head = document.createElement("p");
      head.textContent = job.new_incidents.length + " new incidents";
      result.appendChild(head);
      var list = document.createElement("ul");
      job.new_incidents.forEach(function (id) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "/incidents/" + encodeURIComponent(id);
        a.textContent = id;
        li.appendChild(a);
        list.appendChild(li);
      });
      result.appendChild(list);
    }
  }

  function poll(box) {
    fetch(box.dataset.poll, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        showJob(box, job);
        if (job.state === "queued" || job.state === "running") { setTimeout(function () { poll(box); }, 700); }
      })
      .catch(function () { setTimeout(function () { poll(box); }, 2000); });
  }

  var box = document.getElementById("job");
  if (box && (box.dataset.state === "queued" || box.dataset.state === "running")) { poll(box); }
})();
