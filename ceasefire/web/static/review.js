// Coder review on the incident card, from the keyboard. The page works without this script
// (every control is a POST form to /review); with it, decisions go to /api/review and stay on
// the page, and keys drive the review:
//   j / k (or n / p)  next / previous claim       a  accept the claim
//   r  reject: then a digit or the reason's first letter     c  correct (focus the form)
//   m  move to another incident      u  next unreviewed claim (across incidents)   Esc  cancel
(function () {
  "use strict";

  var bar = document.getElementById("review-bar");
  if (!bar) { return; }
  document.body.classList.add("js-review");
  var readOnly = bar.dataset.readOnly === "true";
  var csrf = bar.dataset.csrf || "";
  var reviewerInput = document.getElementById("reviewer");
  var tokenInput = document.getElementById("write-token");
  var message = document.getElementById("review-message");
  var progress = document.getElementById("review-progress");
  var KEY = "ceasefire.reviewer";
  var LABELS = {
    side_affected: "side affected", claimant_side: "claimant side", kind: "kind",
    value_low: "low", value_best: "best", value_high: "high", incident_id: "incident",
    actor1_side: "acting side", actor2_side: "targeted side", merged_into: "merged into"
  };

  try { reviewerInput.value = window.localStorage.getItem(KEY) || ""; } catch (e) { /* storage off */ }
  reviewerInput.addEventListener("input", function () {
    try { window.localStorage.setItem(KEY, reviewerInput.value.trim()); } catch (e) { /* storage off */ }
  });

  function say(text, bad) {
    message.textContent = text;
    message.classList.toggle("bad", !!bad);
  }

  var claims = Array.prototype.slice.call(document.querySelectorAll("article.claim[data-claim]"));
  var current = -1;

  function focusClaim(i) {
    if (!claims.length) { return; }
    current = Math.max(0, Math.min(claims.length - 1, i));
    claims.forEach(function (el, n) { el.classList.toggle("current", n === current); });
    var el = claims[current];
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest" });
  }

  function fromHash() {
    var id = decodeURIComponent(window.location.hash.replace(/^#claim-/, ""));
    var n = claims.findIndex(function (el) { return el.dataset.claim === id; });
    if (n >= 0) { focusClaim(n); }
  }

  function box(el) { return el ? el.closest(".review") : null; }

  function summary(r, form) {
    var changes = r.changes ? JSON.parse(r.changes) : {};
    var who = " (" + r.reviewer + ", " + r.at.slice(0, 10) + ")";
    if (r.decision === "corrected") {
      return Object.keys(changes).map(function (k) {
        var input = form ? form.querySelector("[name=" + k + "]") : null;
        var old = input && input.dataset.machine !== undefined ? input.dataset.machine : "";
        return (k === "incident_id" || k === "merged_into") ?
          "coder: " + LABELS[k] + " " + changes[k] :
          "machine: " + (LABELS[k] || k) + " " + (old || "—") + " · coder: " + (changes[k] === null ? "—" : changes[k]);
      }).join("; ") + who;
    }
    return (r.reason ? r.reason.replace(/-/g, " ") + " · " : "") + r.reviewer + ", " + r.at.slice(0, 10);
  }

  function show(reviewBox, r, form) {
    var state = reviewBox.querySelector(".review-state") ||
      (reviewBox.closest("td") || reviewBox).querySelector(".review-state");
    if (state) {
      state.className = "review-state review-" + r.decision;
      state.replaceChildren();
      var s = document.createElement("span");
      s.className = "review-status";
      s.textContent = r.decision;
      var t = document.createElement("span");
      t.className = "review-summary";
      t.textContent = " " + summary(r, form);
      state.append(s, t);
    }
    var host = reviewBox.closest("article.claim, tr[data-mention]");
    if (host) {
      host.classList.remove("review-unreviewed", "review-verified", "review-rejected", "review-corrected");
      host.classList.add("review-" + r.decision);
    }
    if (progress && r.target === "claim") {
      var decided = claims.filter(function (el) { return !el.classList.contains("review-unreviewed"); }).length;
      progress.textContent = decided + " of " + claims.length + " claims decided";
    }
  }

  function send(reviewBox, decision, extra, form) {
    if (readOnly) { say("This server is read-only: decisions cannot be saved.", true); return Promise.resolve(null); }
    var reviewer = reviewerInput.value.trim();
    if (!reviewer) {
      say("Who is deciding? Fill in your name first.", true);
      reviewerInput.focus();
      return Promise.resolve(null);
    }
    var body = {
      target: reviewBox.dataset.target, id: reviewBox.dataset.id, decision: decision,
      reason: extra.reason || "", changes: extra.changes || {}, reviewer: reviewer, note: ""
    };
    var headers = { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf };
    if (tokenInput && tokenInput.value) { headers.Authorization = "Bearer " + tokenInput.value; }
    return fetch("/api/review", {
      method: "POST", headers: headers, body: JSON.stringify(body), credentials: "same-origin"
    }).then(function (resp) {
      return resp.json().then(function (data) {
        if (!resp.ok) {
          var detail = typeof data.detail === "string" ? data.detail :
            (data.detail || []).map(function (d) { return d.msg; }).join("; ");
          say("Not saved: " + detail, true);
          return null;
        }
        show(reviewBox, data, form);
        say(body.target + " " + data.decision + (data.reason ? " (" + data.reason + ")" : "") + " by " + data.reviewer +
          (decision === "corrected" ? ": reload to see the incident as corrected" : ""));
        return data;
      });
    }).catch(function () { say("Not saved: the server did not answer.", true); return null; });
  }

  // every form: the same decision as its no-script POST, sent as JSON
  document.querySelectorAll("form.review-form").forEach(function (form) {
    form.noValidate = true;  // the reviewer field is the one at the top; send() checks it
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var reviewBox = box(form);
      var submitter = ev.submitter;
      var decision = (submitter && submitter.value) || form.elements.decision.value;
      var extra = {};
      if (decision === "rejected") { extra.reason = form.elements.reason.value; }
      if (decision === "moved") {
        var to = form.elements.incident_id.value.trim();
        if (!to) { say("Move to which incident? Give its id, or new.", true); form.elements.incident_id.focus(); return; }
        decision = "corrected";
        extra.changes = { incident_id: to };
      } else if (decision === "corrected") {
        extra.changes = {};
        form.querySelectorAll("input[data-machine], input[name=merged_into]").forEach(function (input) {
          var v = input.value.trim();
          if (input.name === "merged_into" ? v : v !== input.dataset.machine) { extra.changes[input.name] = v === "" ? null : v; }
        });
        if (!Object.keys(extra.changes).length) { say("Change a field first: nothing differs from the machine's reading.", true); return; }
      }
      send(reviewBox, decision, extra, form);
    });
  });

  function currentBox() { return current >= 0 ? claims[current].querySelector(".review") : null; }

  function nextUnreviewed() {
    for (var i = current + 1; i < claims.length; i++) {
      if (claims[i].classList.contains("review-unreviewed")) { focusClaim(i); return; }
    }
    var after = current >= 0 ? claims[current].dataset.claim : (claims.length ? claims[claims.length - 1].dataset.claim : "");
    fetch("/api/review/next?after=" + encodeURIComponent(after), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (next) {
        if (!next.url) { say("Every claim has a decision: nothing left to review."); return; }
        if (window.location.pathname === "/incidents/" + next.incident) {
          window.location.hash = "claim-" + next.claim;
          fromHash();
        } else {
          window.location.assign(next.url);
        }
      });
  }

  var rejecting = false;
  var reasons = Array.prototype.map.call(
    (document.querySelector("select[name=reason]") || { options: [] }).options, function (o) { return o.value; });

  function pickReason(key) {
    rejecting = false;
    var n = parseInt(key, 10);
    var reason = n >= 1 && n <= reasons.length ? reasons[n - 1] :
      reasons.find(function (r) { return r.charAt(0) === key; });
    if (!reason) { say("No reason for " + key + ": rejection cancelled.", true); return; }
    var b = currentBox();
    if (b) { send(b, "rejected", { reason: reason }).then(function (r) { if (r) { nextUnreviewedOnPage(); } }); }
  }

  function nextUnreviewedOnPage() {
    for (var i = current + 1; i < claims.length; i++) {
      if (claims[i].classList.contains("review-unreviewed")) { focusClaim(i); return; }
    }
  }

  function openCorrection(selector) {
    var b = currentBox();
    if (!b) { return; }
    var d = b.querySelector("details.correct");
    if (d) { d.open = true; }
    var input = b.querySelector(selector);
    if (input) { input.focus(); input.select(); }
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var tag = (ev.target && ev.target.tagName) || "";
    if (ev.key === "Escape") {
      rejecting = false;
      if (/INPUT|SELECT|TEXTAREA/.test(tag)) { ev.target.blur(); if (current >= 0) { focusClaim(current); } }
      say("");
      return;
    }
    if (/INPUT|SELECT|TEXTAREA/.test(tag)) { return; }
    if (rejecting) { ev.preventDefault(); pickReason(ev.key); return; }
    switch (ev.key) {
      case "j": case "n": ev.preventDefault(); focusClaim(current + 1); break;
      case "k": case "p": ev.preventDefault(); focusClaim(current - 1); break;
      case "u": ev.preventDefault(); nextUnreviewed(); break;
      case "a":
        if (current < 0) { break; }
        ev.preventDefault();
        send(currentBox(), "verified", {}).then(function (r) { if (r) { nextUnreviewedOnPage(); } });
        break;
      case "r":
        if (current < 0) { break; }
        ev.preventDefault();
        rejecting = true;
        say("Reject: why? " + reasons.map(function (r, i) { return (i + 1) + " " + r; }).join(" · ") + " (Esc cancels)");
        break;
      case "c": if (current >= 0) { ev.preventDefault(); openCorrection("form.correction input[data-machine]"); } break;
      case "m": if (current >= 0) { ev.preventDefault(); openCorrection("form.move input[name=incident_id]"); } break;
      default: break;
    }
  });

  claims.forEach(function (el, n) {
    el.addEventListener("click", function () { current = n; claims.forEach(function (c, i) { c.classList.toggle("current", i === n); }); });
  });
  window.addEventListener("hashchange", fromHash);
  if (readOnly) { say("This server is read-only: decisions cannot be saved."); }
  fromHash();
})();
