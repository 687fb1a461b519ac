// The clients map's offline base layer: metropolitan France and its neighbours' land, from
// Natural Earth's 1:50m countries (public domain, npm `world-atlas`), turned into GeoJSON with
// `topojson-client`, written as a script that sets `window.PROSPECTA_BASE_MAP` (no request at
// draw time, nothing fetched from the internet).
//   node scripts/base-map.mjs OUT.js
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { feature } = require('topojson-client');

const out = process.argv[2];
if (!out) throw new Error('usage: node scripts/base-map.mjs OUT.js');
const atlas = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'));
const wanted = new Set(['France', 'Belgium', 'Luxembourg', 'Germany', 'Switzerland', 'Italy', 'Spain', 'Andorra',
  'Monaco', 'United Kingdom', 'Netherlands', 'Austria', 'Liechtenstein']);
const countries = feature(atlas, atlas.objects.countries).features.filter((f) => wanted.has(f.properties.name));
if (!countries.some((f) => f.properties.name === 'France')) throw new Error('France is missing from the atlas');
// Only the part of each shape near metropolitan France (overseas territories and far lands left out),
// coordinates rounded to about 100 m.
const near = ([lon, lat]) => lon > -12 && lon < 20 && lat > 34 && lat < 57;
const round = (p) => [Math.round(p[0] * 1000) / 1000, Math.round(p[1] * 1000) / 1000];
const polygons = (geometry) => (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates);
const shapes = countries.map((f) => ({
  type: 'Feature',
  properties: { name: f.properties.name, france: f.properties.name === 'France' },
  geometry: {
    type: 'MultiPolygon',
    coordinates: polygons(f.geometry).filter((poly) => poly[0].some(near)).map((poly) => poly.map((ring) => ring.map(round))),
  },
}));
writeFileSync(out, `window.PROSPECTA_BASE_MAP = ${JSON.stringify({ type: 'FeatureCollection', features: shapes })};\n`);
