// Draws the village office on an OpenStreetMap map. Without scripts, or when the tiles cannot
// load, the page keeps the address and the link to the map that it always shows.
(function () {
  var el = document.getElementById('peta');
  if (!el || !window.L) return;
  var lat = parseFloat(el.getAttribute('data-lat'));
  var lon = parseFloat(el.getAttribute('data-lon'));
  if (isNaN(lat) || isNaN(lon)) return;
  el.hidden = false;
  var map = L.map(el, { scrollWheelZoom: false }).setView([lat, lon], 15);
  L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
    maxZoom: 19,
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
  }).addTo(map);
  var label = el.getAttribute('data-label');
  L.marker([lat, lon], { alt: label, title: label }).addTo(map).bindPopup(label);
})();
