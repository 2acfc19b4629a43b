// The map: Natural Earth outlines (GeoJSON served by this server) and incidents as circles
// sized by fatalities, from the GeoJSON export's features (same filter as the page). Leaflet
// without any tile layer: nothing is requested from elsewhere.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var status = document.getElementById("map-status");
  var map = L.map(el, { attributionControl: false, preferCanvas: false, minZoom: 2, maxZoom: 12 });
  map.setView([40.2, 46.0], 7);

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }

  // Popups are built from DOM nodes with textContent: incident fields come from documents.
  function popup(f) {
    var p = f.properties;
    var box = document.createElement("div");
    box.className = "incident-popup";
    var a = document.createElement("a");
    a.href = "/incidents/" + encodeURIComponent(f.id);
    a.textContent = (p.date_label || p.date_start || "date unknown") + " · " +
      (p.kind === "statements" ? "statements (" + p.sub_event_type + ")" : p.event_type + ": " + p.sub_event_type);
    box.appendChild(a);
    var line = document.createElement("div");
    line.textContent = (p.location || "") + (p.country ? " (" + p.country + ")" : "") + " · " +
      (p.actor1_side || "?") + " – " + (p.actor2_side || "?") +
      " · fatalities " + p.fatalities + " · " + p.status;
    box.appendChild(line);
    return box;
  }

  Promise.all([getJSON(el.dataset.world), getJSON(el.dataset.outlines), getJSON(el.dataset.incidents)])
    .then(function (res) {
      var outline = { color: "#8a94a3", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 };
      L.geoJSON(res[0], { style: outline, interactive: false }).addTo(map);
      L.geoJSON(res[1], { style: outline, interactive: false }).addTo(map);
      var points = [];
      res[2].features.forEach(function (f) {
        var c = f.geometry.coordinates;
        var p = f.properties;
        var m = L.circleMarker([c[1], c[0]], {
          radius: 5 + 3 * Math.sqrt(p.fatalities || 0),
          color: p.kind === "statements" ? "#555" : "#a40000",
          weight: 1.5,
          fillColor: p.kind === "statements" ? "#bbb" : "#e4572e",
          fillOpacity: 0.65,
          className: "incident-marker"
        });
        m.bindPopup(popup(f));
        m.addTo(map);
        points.push([c[1], c[0]]);
      });
      if (points.length) { map.fitBounds(L.latLngBounds(points).pad(0.6), { maxZoom: 9 }); }
      el.dataset.drawn = String(points.length);
      if (status) { status.textContent = points.length + " incidents drawn."; }
    })
    .catch(function (e) { if (status) { status.textContent = "Could not draw the map: " + e.message; } });
})();
