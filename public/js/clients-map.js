// The agency's map of clients, drawn with Leaflet (npm, served from /vendor): the offline base
// layer of metropolitan France and its neighbours (window.PROSPECTA_BASE_MAP, from Natural
// Earth, see scripts/base-map.mjs) and one circle per commune, sized by its clients. Called by
// the back office's page (app/src/admin/pages/clients_map.rs); answers false while Leaflet or
// the base layer is not loaded yet, so the page tries again.
window.prospectaClientsMap = function (element, points) {
  if (!window.L || !window.PROSPECTA_BASE_MAP) return false;
  // Not laid out yet (still off the page while its section loads): a view cannot be fitted to
  // a box without a size, so the page tries again.
  if (!element.isConnected || element.clientWidth === 0 || element.clientHeight === 0) return false;
  if (element._prospectaMap) element._prospectaMap.remove();
  // The sea (Leaflet's own grey otherwise).
  element.style.background = '#eff6ff';
  const map = L.map(element, { scrollWheelZoom: false, zoomSnap: 0.25 });
  element._prospectaMap = map;
  // The view first: what is added to a map without one waits for it.
  map.fitBounds([[41.3, -5.2], [51.1, 9.6]]);
  L.geoJSON(window.PROSPECTA_BASE_MAP, {
    interactive: false,
    style: (f) => ({
      color: '#94a3b8',
      weight: 1,
      fillColor: f.properties.france ? '#e0e7ff' : '#f1f5f9',
      fillOpacity: 1,
    }),
  }).addTo(map);
  map.attributionControl.setPrefix('Leaflet');
  map.attributionControl.addAttribution('Fond de carte : Natural Earth');
  for (const p of points) {
    L.circleMarker([p.lat, p.lon], {
      radius: 5 + 3 * Math.sqrt(p.clients),
      color: '#312e81',
      weight: 1,
      fillColor: '#4338ca',
      fillOpacity: 0.75,
    })
      .bindTooltip(p.label)
      .addTo(map);
  }
  return true;
};
