#!/usr/bin/env node
// Passerelle reference-data generator.
//
// Turns the reference sources (GeoNames postal-code zips, @etalab/decoupage-administratif,
// the 2016 Service-Public.fr family-services extract) into the compact, deterministic
// resources loaded by the Java functions at run time:
//
//   fr-communes.tsv.gz     one row per (French postal code, commune)
//   fr-departments.tsv     departments with their regions
//   be-postcodes.tsv.gz    one row per (Belgian postcode, place)
//   public-services.tsv.gz one row per public family service (2016 snapshot)
//
// Usage: node generate.mjs [--geonames DIR] [--services FILE] [--out DIR]
// Output is byte-for-byte reproducible: every list is sorted with a plain code-unit
// comparison (no locale), numbers are formatted explicitly and gzip is written with
// zlib level 9, no file name and a zero timestamp.

import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { unzipSync, strFromU8 } from 'fflate';
import { parse } from 'csv-parse/sync';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = {
    geonames: path.resolve(HERE, '../../../shared/data/geonames'),
    services: path.resolve(HERE, '../../../shared/data/services/family_services_2016.csv'),
    out: path.resolve(HERE, '../../functions/src/main/resources/reference'),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const key = { '--geonames': 'geonames', '--services': 'services', '--out': 'out' }[name];
    if (name === '--help' || name === '-h') {
      console.log('Usage: node generate.mjs [--geonames DIR] [--services FILE] [--out DIR]');
      process.exit(0);
    }
    if (!key) throw new Error(`Unknown argument: ${arg}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new Error(`Missing value for ${name}`);
    opts[key] = path.resolve(process.cwd(), value);
  }
  return opts;
}

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

/** Plain, locale-independent comparison (UTF-16 code units). */
function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A TSV cell: trimmed, no tab/CR/LF inside. */
function cell(v) {
  if (v === undefined || v === null) return '';
  return String(v).replace(/[\t\r\n]+/g, ' ').trim();
}

/** Decimal degrees, at most 5 decimals, '.' separator, no trailing zeros, no "-0". */
function fmtCoord(x) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  let s = x.toFixed(5);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  if (s === '-0') s = '0';
  return s;
}

function parseCoord(v) {
  const s = cell(v).replace(',', '.');
  if (s === '' || !/^[-+]?\d+(\.\d+)?$/.test(s)) return null;
  const x = Number(s);
  return Number.isFinite(x) ? x : null;
}

function mean(points) {
  if (!points.length) return null;
  let lat = 0;
  let lon = 0;
  for (const p of points) {
    lat += p.lat;
    lon += p.lon;
  }
  return { lat: lat / points.length, lon: lon / points.length };
}

/** Great-circle distance in km. */
function distanceKm(a, b) {
  const r = Math.PI / 180;
  const dLat = (b.lat - a.lat) * r;
  const dLon = (b.lon - a.lon) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function tsv(header, rows) {
  const lines = [header.join('\t')];
  for (const r of rows) lines.push(r.map(cell).join('\t'));
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

function sha256(buf) {
  return createHash('sha256').update(buf).digest('hex');
}

function inc(map, key, n = 1) {
  map.set(key, (map.get(key) || 0) + n);
}

function sortedEntries(map) {
  return [...map.entries()].sort((a, b) => cmp(String(a[0]), String(b[0])));
}

// ---------------------------------------------------------------------------------------
// Name normalisation (commune names vs GeoNames place names)
// ---------------------------------------------------------------------------------------

const ABBREVIATIONS = new Map([
  ['st', 'saint'],
  ['ste', 'sainte'],
  ['sts', 'saints'],
  ['stes', 'saintes'],
]);
const ARTICLES = new Set(['le', 'la', 'les', 'l']);

/** Lower case, no accents, `-`, `'`, `’`, spaces and other punctuation as one space, St/Ste expanded. */
function normName(name) {
  let s = String(name)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  s = s
    .split(' ')
    .map((t) => ABBREVIATIONS.get(t) || t)
    .join(' ');
  // Municipal arrondissements: "Paris 18e Arrondissement", "Lyon 1er Arrondissement",
  // "Marseille 08" (GeoNames), "Paris 01" ... -> "paris 18", "lyon 1", "marseille 8".
  const m = /^(paris|lyon|marseille) 0*(\d+)(?: ?(?:er|e|eme|ieme))?(?: arrondissement)?$/.exec(s);
  if (m) s = `${m[1]} ${m[2]}`;
  return s;
}

function stripArticle(key) {
  const sp = key.indexOf(' ');
  if (sp > 0 && ARTICLES.has(key.slice(0, sp))) return key.slice(sp + 1);
  return key;
}

/** Levenshtein distance, capped: returns max + 1 as soon as it is exceeded. */
function editDistance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (cur[j] < best) best = cur[j];
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

const GENERIC_FIRST_TOKENS = new Set(['saint', 'sainte', 'saints', 'saintes', 'le', 'la', 'les', 'l']);
const SMALL_WORDS = new Set(['le', 'la', 'les', 'l', 'de', 'du', 'des', 'd', 'en', 'sur', 'sous', 'et', 'au', 'aux', 'lez', 'les', 'pres']);

/**
 * GeoNames rows (of the pair's postal code) that name the commune itself, tried in order:
 * same normalised name; same name without leading article; the name of one of its former
 * communes (chef-lieu first); the same name without small words ("Le Gault-Perche" /
 * "Le Gault-du-Perche"); one place whose name is a whole-word prefix or suffix of the other
 * ("Langon" / "Langon-sur-Cher", "Oppède le Vieux" / "Oppède", "Vieux Vouhé" / "Vouhé");
 * one place one letter apart ("Targassonne" / "Targasonne"). Each loose rule applies only
 * when a single GeoNames name qualifies. Returns [rows, how] or [null].
 */
function matchInPostalCode(p, key, bare, rows, formers) {
  if (!rows.length) return [null];
  let hit = rows.filter((g) => g.key === key);
  if (hit.length) return [hit, 'same name'];
  hit = rows.filter((g) => stripArticle(g.key) === bare);
  if (hit.length) return [hit, 'same name without article'];
  if (formers.length) {
    const chefLieu = formers.find((f) => f.code === p.code);
    if (chefLieu) {
      hit = rows.filter((g) => g.key === chefLieu.key || stripArticle(g.key) === stripArticle(chefLieu.key));
      if (hit.length) return [hit, 'name of its chef-lieu commune deleguee'];
    }
    const keys = new Set(formers.flatMap((f) => [f.key, stripArticle(f.key)]));
    hit = rows.filter((g) => keys.has(g.key) || keys.has(stripArticle(g.key)));
    if (hit.length) return [hit, 'names of its communes deleguees/associees'];
  }
  const small = (k) => k.split(' ').filter((t) => !SMALL_WORDS.has(t)).join(' ');
  const smallBare = small(bare);
  if (smallBare.length >= 4) {
    const cands = rows.filter((g) => small(g.key) === smallBare);
    if (cands.length && new Set(cands.map((g) => g.key)).size === 1) return [cands, 'same name without small words'];
  }
  // "a" is a whole-word prefix or suffix of "b"; a prefix starting with Saint/Le... needs two words.
  const partOf = (a, b) => {
    if (a.length < 4) return false;
    if (b.endsWith(` ${a}`)) return true;
    if (!b.startsWith(`${a} `)) return false;
    return !GENERIC_FIRST_TOKENS.has(a.split(' ')[0]) || a.includes(' ');
  };
  {
    const cands = rows.filter((g) => {
      const gb = stripArticle(g.key);
      return partOf(gb, bare) || partOf(bare, gb);
    });
    if (cands.length && new Set(cands.map((g) => g.key)).size === 1) return [cands, 'whole-word prefix/suffix'];
  }
  if (bare.length >= 6) {
    const cands = rows.filter((g) => editDistance(stripArticle(g.key), bare, 1) <= 1);
    if (cands.length && new Set(cands.map((g) => g.key)).size === 1) return [cands, 'one letter apart'];
  }
  return [null];
}

// ---------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------

const GEONAMES_COLUMNS = [
  'country_code', 'zipcode', 'place', 'state', 'state_code', 'province', 'province_code',
  'community', 'community_code', 'latitude', 'longitude',
];
const FRENCH_COUNTRY_CODES = new Set(['FR', 'GF', 'GP', 'MQ', 'RE', 'YT', 'PM', 'BL', 'MF', 'WF', 'PF', 'NC', 'TF']);

function readZipCsv(zipPath) {
  const files = unzipSync(readFileSync(zipPath), { filter: (f) => f.name.toLowerCase().endsWith('.csv') });
  const names = Object.keys(files).sort(cmp);
  if (names.length !== 1) throw new Error(`${zipPath}: expected exactly one .csv entry, found ${names.length}`);
  const rows = parse(strFromU8(files[names[0]]), { columns: true, bom: true, skip_empty_lines: true, relax_column_count: false });
  if (rows.length) {
    const missing = GEONAMES_COLUMNS.filter((c) => !(c in rows[0]));
    if (missing.length) throw new Error(`${zipPath}: missing columns ${missing.join(', ')}`);
  }
  return { entry: names[0], rows };
}

/** Department of a GeoNames row (for the name-in-department fallback). */
function geonamesDepartment(row, code5) {
  const pc = cell(row.province_code);
  if (/^(\d{2}|2A|2B|97\d)$/.test(pc)) return pc;
  if (code5.startsWith('97') || code5.startsWith('98')) return code5.slice(0, 3);
  if (code5.startsWith('20')) return Number(code5) < 20200 ? '2A' : '2B';
  return code5.slice(0, 2);
}

function loadGeonames(dir, report) {
  const zips = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.zip')).sort(cmp);
  if (!zips.length) throw new Error(`No .zip file in ${dir}`);
  const fr = []; // { code5, suffix, place, key, dept, lat, lon }
  const be = [];
  for (const zip of zips) {
    const { entry, rows } = readZipCsv(path.join(dir, zip));
    let kept = 0;
    for (const row of rows) {
      const country = cell(row.country_code).toUpperCase();
      const lat = parseCoord(row.latitude);
      const lon = parseCoord(row.longitude);
      if (country === 'BE') {
        be.push(row);
        kept++;
        continue;
      }
      if (!FRENCH_COUNTRY_CODES.has(country)) {
        inc(report.geonamesDropped, `${zip}: country ${country || '(empty)'} not handled`);
        continue;
      }
      const m = /^(\d{5})(?:\s+(.+))?$/.exec(cell(row.zipcode));
      if (!m) {
        inc(report.geonamesDropped, `${zip}: unparsable zipcode`);
        continue;
      }
      if (lat === null || lon === null) {
        inc(report.geonamesDropped, `${zip}: no coordinates`);
        continue;
      }
      const place = cell(row.place);
      fr.push({
        code5: m[1],
        suffix: m[2] ? m[2].toUpperCase() : '',
        place,
        key: normName(place),
        dept: geonamesDepartment(row, m[1]),
        lat,
        lon,
      });
      kept++;
    }
    report.geonamesFiles.push(`${zip} (${entry}): ${rows.length} rows, ${kept} used`);
  }
  return { fr, be };
}

// ---------------------------------------------------------------------------------------
// 1. French communes by postal code
// ---------------------------------------------------------------------------------------

const PLM = new Set(['75056', '69123', '13055']); // Paris, Lyon, Marseille -> arrondissements

function buildCommunes(geo, report) {
  const communes = require('@etalab/decoupage-administratif/data/communes.json');
  const byCode = new Map();
  for (const c of communes) if (c.type === 'commune-actuelle') byCode.set(c.code, c);

  // Selected records: communes actuelles (all zones) except P/L/M, plus their arrondissements.
  const selected = [];
  for (const c of communes) {
    if (c.type === 'commune-actuelle' && !PLM.has(c.code)) selected.push(c);
    else if (c.type === 'arrondissement-municipal' && PLM.has(c.commune)) selected.push(c);
  }
  report.communeTypes = new Map();
  for (const c of communes) inc(report.communeTypes, `${c.type}${c.zone ? ` (${c.zone})` : ''}`);

  const pairs = new Map(); // "cp|code" -> { cp, code, name, dept, extra }
  const addPair = (cp, rec, dept, origin) => {
    const k = `${cp}|${rec.code}`;
    if (!pairs.has(k)) pairs.set(k, { cp, code: rec.code, name: rec.nom, dept, origin });
  };
  for (const c of selected) {
    const cps = c.codesPostaux || [];
    if (!cps.length) report.communesWithoutPostalCode.push(`${c.code} ${c.nom} (${c.type}, dept ${c.departement})`);
    for (const cp of cps) addPair(cp, c, c.departement, c.type);
  }

  // Every postal code carried by ANY record must be covered.
  const covered = new Set([...pairs.values()].map((p) => p.cp));
  const allCodes = new Set();
  for (const c of communes) for (const cp of c.codesPostaux || []) allCodes.add(cp);
  for (const c of [...communes].sort((a, b) => cmp(a.code, b.code) || cmp(a.type, b.type))) {
    for (const cp of c.codesPostaux || []) {
      if (covered.has(cp)) continue;
      const parentCode = c.chefLieu || c.commune;
      const parent = byCode.get(parentCode);
      const dept = parent ? parent.departement : c.departement;
      addPair(cp, c, dept, c.type);
      report.addedFromSubCommunes.push(`${cp} ${c.code} ${c.nom} (${c.type}, parent ${parentCode || '?'}, dept ${dept})`);
    }
  }
  const coveredNow = new Set([...pairs.values()].map((p) => p.cp));
  const stillMissing = [...allCodes].filter((cp) => !coveredNow.has(cp));
  if (stillMissing.length) throw new Error(`Postal codes not covered: ${stillMissing.join(', ')}`);
  report.frPostalCodesInSource = allCodes.size;

  // GeoNames indexes.
  const byCp = new Map(); // regular (non-CEDEX) codes only
  const byDeptName = new Map(); // all rows incl. CEDEX/special
  for (const g of geo.fr) {
    if (!g.suffix) {
      if (!byCp.has(g.code5)) byCp.set(g.code5, []);
      byCp.get(g.code5).push(g);
    }
    for (const key of new Set([g.key, stripArticle(g.key)])) {
      const k = `${g.dept}|${key}`;
      if (!byDeptName.has(k)) byDeptName.set(k, []);
      byDeptName.get(k).push(g);
    }
  }

  // Former communes (communes deleguees/associees) of each commune: GeoNames still lists
  // many communes nouvelles under the names of the communes they merged.
  const formerNames = new Map();
  for (const c of [...communes].sort((a, b) => cmp(a.code, b.code))) {
    if ((c.type === 'commune-deleguee' || c.type === 'commune-associee') && c.chefLieu) {
      if (!formerNames.has(c.chefLieu)) formerNames.set(c.chefLieu, []);
      formerNames.get(c.chefLieu).push({ code: c.code, key: normName(c.nom) });
    }
  }

  const list = [...pairs.values()].sort((a, b) => cmp(a.cp, b.cp) || cmp(a.code, b.code));
  const unresolved = [];
  for (const p of list) {
    const key = normName(p.name);
    const bare = stripArticle(key);
    const rows = byCp.get(p.cp) || [];
    const [hit, how] = matchInPostalCode(p, key, bare, rows, formerNames.get(p.code) || []);
    if (hit) {
      Object.assign(p, mean(hit), { source: 'geonames' });
      inc(report.geonamesMatchKinds, how);
      if (how !== 'same name') report.looseMatches.push(`${p.cp} ${p.code} ${p.name} ~ ${[...new Set(hit.map((g) => g.place))].join(' / ')} (${how})`);
      continue;
    }
    if (rows.length) {
      Object.assign(p, mean(rows), { source: 'postcode-average' });
      continue;
    }
    const named = byDeptName.get(`${p.dept}|${key}`) || byDeptName.get(`${p.dept}|${bare}`) || [];
    if (named.length) {
      Object.assign(p, mean(named), { source: 'name-match' });
      report.nameMatches.push(`${p.cp} ${p.code} ${p.name} ~ ${[...new Set(named.map((g) => `${g.place} ${g.code5}${g.suffix ? ` ${g.suffix}` : ''}`))].join(' / ')}`);
      continue;
    }
    unresolved.push(p);
  }

  // Department average of the other communes' coordinates (one point per commune).
  const perCommune = new Map();
  for (const p of list) {
    if (!p.source) continue;
    if (!perCommune.has(p.code)) perCommune.set(p.code, { dept: p.dept, pts: [] });
    perCommune.get(p.code).pts.push(p);
  }
  const perDept = new Map();
  for (const [code, v] of sortedEntries(perCommune)) {
    if (!perDept.has(v.dept)) perDept.set(v.dept, []);
    perDept.get(v.dept).push({ code, ...mean(v.pts) });
  }
  for (const p of unresolved) {
    const others = (perDept.get(p.dept) || []).filter((c) => c.code !== p.code);
    if (others.length) {
      Object.assign(p, mean(others), { source: 'department-average' });
    } else {
      p.lat = null;
      p.lon = null;
      p.source = 'none';
      report.noCoordinates.push(`${p.cp} ${p.code} ${p.name} (dept ${p.dept})`);
    }
  }

  for (const p of list) {
    inc(report.coordinateSources, p.source);
    inc(report.coordinateSourcesByZone, `${zoneOf(p.dept)}|${p.source}`);
    if (p.source === 'department-average') report.departmentAverage.push(`${p.cp} ${p.code} ${p.name} (dept ${p.dept})`);
  }
  report.frRows = list.length;
  report.frPostalCodes = new Set(list.map((p) => p.cp)).size;
  report.frCommunes = new Set(list.map((p) => p.code)).size;
  report.geonamesUnusedCodes = [...byCp.keys()].filter((cp) => !allCodes.has(cp)).length;

  const header = ['postalCode', 'communeCode', 'name', 'departmentCode', 'latitude', 'longitude', 'coordinateSource'];
  const rows = list.map((p) => [p.cp, p.code, p.name, p.dept, fmtCoord(p.lat), fmtCoord(p.lon), p.source]);

  // Coordinates per commune code (for the services fallback/check).
  const communePoint = new Map();
  const acc = new Map();
  for (const p of list) {
    if (p.lat === null) continue;
    if (!acc.has(p.code)) acc.set(p.code, []);
    acc.get(p.code).push(p);
  }
  for (const [code, pts] of acc) communePoint.set(code, { ...mean(pts), name: pts[0].name, dept: pts[0].dept, source: pts[0].source });
  return { header, rows, communePoint, communes, pairs: list };
}

function zoneOf(dept) {
  if (dept.length === 2) return 'metro';
  if (['971', '972', '973', '974', '976'].includes(dept)) return 'drom';
  return 'com';
}

// ---------------------------------------------------------------------------------------
// 2. Departments
// ---------------------------------------------------------------------------------------

function buildDepartments(report) {
  const departements = require('@etalab/decoupage-administratif/data/departements.json');
  const regions = require('@etalab/decoupage-administratif/data/regions.json');
  const regionName = new Map(regions.map((r) => [r.code, r.nom]));
  const rows = [...departements]
    .sort((a, b) => cmp(a.code, b.code))
    .map((d) => {
      if (!regionName.has(d.region)) report.warnings.push(`department ${d.code}: unknown region ${d.region}`);
      return [d.code, d.nom, d.region, regionName.get(d.region) || ''];
    });
  report.departments = rows.length;
  return { header: ['code', 'name', 'regionCode', 'regionName'], rows };
}

// ---------------------------------------------------------------------------------------
// 3. Belgian postcodes
// ---------------------------------------------------------------------------------------

function buildBelgium(geo, report) {
  const seen = new Set();
  const rows = [];
  for (const r of geo.be) {
    const postcode = cell(r.zipcode);
    if (!/^\d{4}$/.test(postcode)) {
      inc(report.beDropped, 'postcode is not 4 digits');
      continue;
    }
    const lat = parseCoord(r.latitude);
    const lon = parseCoord(r.longitude);
    const row = [
      postcode, cell(r.place), cell(r.province_code), cell(r.province), cell(r.state_code), cell(r.state),
      fmtCoord(lat), fmtCoord(lon),
    ];
    if (lat === null || lon === null) report.beWithoutCoordinates++;
    const k = row.join('\t');
    if (seen.has(k)) {
      inc(report.beDropped, 'exact duplicate');
      continue;
    }
    seen.add(k);
    rows.push(row);
  }
  rows.sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]) || cmp(a.join('\t'), b.join('\t')));
  report.beRows = rows.length;
  report.bePostcodes = new Set(rows.map((r) => r[0])).size;
  report.beSourceRows = geo.be.length;
  for (const r of rows) inc(report.beRegions, `${r[4]} ${r[5]}`);
  return {
    header: ['postcode', 'place', 'provinceCode', 'provinceName', 'regionCode', 'regionName', 'latitude', 'longitude'],
    rows,
  };
}

// ---------------------------------------------------------------------------------------
// 4. Public family services
// ---------------------------------------------------------------------------------------

// Generous boxes around metropolitan France (incl. Corsica) and each overseas territory.
const FRANCE_BOXES = [
  { name: 'metropole', latMin: 41.2, latMax: 51.2, lonMin: -5.3, lonMax: 9.7 },
  { name: 'guadeloupe/saint-martin/saint-barthelemy', latMin: 15.8, latMax: 18.2, lonMin: -63.2, lonMax: -60.9 },
  { name: 'martinique', latMin: 14.3, latMax: 14.95, lonMin: -61.3, lonMax: -60.7 },
  { name: 'guyane', latMin: 2.0, latMax: 6.0, lonMin: -54.7, lonMax: -51.5 },
  { name: 'reunion', latMin: -21.5, latMax: -20.8, lonMin: 55.1, lonMax: 55.9 },
  { name: 'mayotte', latMin: -13.1, latMax: -12.6, lonMin: 44.9, lonMax: 45.4 },
  { name: 'saint-pierre-et-miquelon', latMin: 46.7, latMax: 47.2, lonMin: -56.5, lonMax: -56.1 },
  { name: 'wallis-et-futuna', latMin: -14.5, latMax: -13.1, lonMin: -178.3, lonMax: -176.0 },
  { name: 'polynesie', latMin: -28.0, latMax: -7.0, lonMin: -155.0, lonMax: -134.0 },
  { name: 'nouvelle-caledonie', latMin: -23.0, latMax: -19.0, lonMin: 163.0, lonMax: 169.0 },
];

function inFrance(pt) {
  return FRANCE_BOXES.some((b) => pt.lat >= b.latMin && pt.lat <= b.latMax && pt.lon >= b.lonMin && pt.lon <= b.lonMax);
}

// A source point further than this from every reference point of its row (its commune by
// insee_code and, for a plain postal address, the commune named by its locality and its
// postal code) is considered misplaced. 40 km keeps legitimate offices in very large
// communes (Arles-Camargue) and catches the geocoding errors of the source (homonyms,
// head-office coordinates given for branch offices, swapped or overseas coordinates).
const MAX_DISTANCE_KM = 40;

/** Departments a postal code can belong to (Corsica's 20xxx codes can be 2A or 2B). */
function postalDepartments(cp) {
  if (!/^\d{5}$/.test(cp)) return [];
  if (cp.startsWith('97') || cp.startsWith('98')) return [cp.slice(0, 3)];
  if (cp.startsWith('20')) return ['2A', '2B'];
  return [cp.slice(0, 2)];
}

function buildServices(file, communeData, report) {
  const { communePoint, communes, pairs } = communeData;
  // 2016 INSEE codes -> current commune: delegated/associated communes (chefLieu), merged
  // communes (anciensCodes of the current commune), municipal arrondissements are kept.
  const currentOf = new Map();
  for (const c of [...communes].sort((a, b) => cmp(a.code, b.code))) {
    if (c.type === 'commune-actuelle') {
      for (const old of c.anciensCodes || []) if (!currentOf.has(old)) currentOf.set(old, c.code);
    }
  }
  for (const c of communes) {
    if ((c.type === 'commune-deleguee' || c.type === 'commune-associee') && c.chefLieu) currentOf.set(c.code, c.chefLieu);
  }
  const known = new Set(pairs.map((p) => p.code));
  // -> { code, lat, lon, ... } with coordinates, { code, lat: null } for a current commune
  // without coordinates (overseas collectivities), or null for an unknown code.
  const lookupCommune = (insee) => {
    if (!insee) return null;
    const code = known.has(insee) ? insee : currentOf.get(insee);
    if (!code) return null;
    if (communePoint.has(code)) return { code, ...communePoint.get(code) };
    return { code, lat: null, lon: null };
  };
  // Postal code -> rows with coordinates; department|name -> rows.
  const byCp = new Map();
  const byDeptName = new Map();
  for (const p of pairs) {
    if (p.lat === null) continue;
    if (!byCp.has(p.cp)) byCp.set(p.cp, []);
    byCp.get(p.cp).push(p);
    const k = `${p.dept}|${normName(p.name)}`;
    if (!byDeptName.has(k)) byDeptName.set(k, []);
    if (!byDeptName.get(k).some((q) => q.code === p.code)) byDeptName.get(k).push(p);
  }
  const localityPoint = (locality, cp) => {
    const key = normName(locality.replace(/\bcedex\b.*$/i, ''));
    if (!key) return null;
    const same = (byCp.get(cp) || []).filter((p) => normName(p.name) === key || stripArticle(normName(p.name)) === stripArticle(key));
    if (same.length) return { ...mean(same), code: same[0].code, name: same[0].name };
    for (const d of postalDepartments(cp)) {
      const named = byDeptName.get(`${d}|${key}`) || [];
      if (named.length === 1) return { ...mean(named), code: named[0].code, name: named[0].name };
    }
    return null;
  };

  const records = parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true, trim: true });
  const expected = ['id', 'type', 'name', 'postal_code', 'locality', 'insee_code', 'lat', 'lon', 'phone', 'website', 'updated'];
  if (records.length) {
    const missing = expected.filter((c) => !(c in records[0]));
    if (missing.length) throw new Error(`${file}: missing columns ${missing.join(', ')}`);
  }
  report.servicesSourceRows = records.length;
  const ids = new Set();
  const rows = [];
  for (const r of records) {
    const id = cell(r.id);
    if (!id) {
      report.servicesDropped.push(`(no id) ${cell(r.name)}: missing id`);
      continue;
    }
    if (ids.has(id)) {
      report.servicesDropped.push(`${id}: duplicate id`);
      continue;
    }
    const insee = cell(r.insee_code);
    const cp = cell(r.postal_code);
    const locality = cell(r.locality);
    const label = `${id} (${locality} ${cp}, insee ${insee || '-'})`;

    // The insee_code is the commune where the office is. The postal address may be a
    // CEDEX/head-office mailing address (CAF branch offices): only a plain postal address
    // (regular postal code, no "Cedex") locates the office too.
    const found = lookupCommune(insee);
    const commune = found && found.lat !== null ? found : null;
    const mailing = /\bcedex\b/i.test(locality) || !byCp.has(cp);
    const named = mailing ? null : localityPoint(locality, cp);
    const cpRows = mailing ? [] : byCp.get(cp);
    const postal = cpRows.length ? { ...mean(cpRows), code: cp, name: `postal code ${cp}` } : null;
    const communeConsistent = commune && (mailing || postalDepartments(cp).includes(commune.dept));
    // A current commune without coordinates (overseas collectivity): nothing to check against.
    const refs = found && !commune ? [] : [commune, named, postal].filter(Boolean);
    const target = found && !commune ? null : communeConsistent ? commune : named || postal || commune;
    const describe = (t) => (t === postal ? t.name : `commune ${t.code} ${t.name}`);
    if (insee && !found) inc(report.servicesUnknownInsee, insee);
    else if (commune && !communeConsistent) {
      report.servicesInseeMismatch.push(`${label}: insee commune ${commune.code} ${commune.name} is not in the department of postal code ${cp}`);
    }

    const lat = parseCoord(r.lat);
    const lon = parseCoord(r.lon);
    let pt = lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
    if (!pt) {
      const what = cell(r.lat) || cell(r.lon) ? `invalid coordinates "${cell(r.lat)},${cell(r.lon)}"` : 'no coordinates';
      if (target) {
        pt = { lat: target.lat, lon: target.lon };
        report.servicesFromCommune.push(`${label}: ${what} -> ${describe(target)}`);
      } else {
        report.servicesDropped.push(`${label}: ${what} and no known commune or postal code`);
        continue;
      }
    } else if (!inFrance(pt)) {
      const where = `${fmtCoord(pt.lat)},${fmtCoord(pt.lon)}`;
      if (target) {
        report.servicesRelocated.push(`${label}: ${where} is outside France -> ${describe(target)}`);
        pt = { lat: target.lat, lon: target.lon };
      } else {
        report.servicesDropped.push(`${label}: ${where} is outside France and no known commune or postal code`);
        continue;
      }
    } else if (refs.length) {
      const dists = refs.map((ref) => distanceKm(pt, ref));
      const nearest = Math.min(...dists);
      if (nearest > MAX_DISTANCE_KM) {
        report.servicesRelocated.push(
          `${label}: ${fmtCoord(pt.lat)},${fmtCoord(pt.lon)} is ${nearest.toFixed(1)} km from ${refs.length > 1 ? 'its commune/locality/postal code' : 'its commune'} -> ${describe(target)}`,
        );
        pt = { lat: target.lat, lon: target.lon };
      }
    } else {
      report.servicesUnchecked++;
    }
    ids.add(id);
    inc(report.serviceTypes, cell(r.type));
    rows.push([
      id, cell(r.type), cell(r.name), cp, locality, insee,
      fmtCoord(pt.lat), fmtCoord(pt.lon), cell(r.phone), cell(r.website), cell(r.updated),
    ]);
  }
  rows.sort((a, b) => cmp(a[0], b[0]));
  report.servicesRows = rows.length;
  return {
    header: ['id', 'type', 'name', 'postalCode', 'locality', 'communeCode', 'latitude', 'longitude', 'phone', 'website', 'updated'],
    rows,
  };
}

// ---------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------

function newReport() {
  return {
    geonamesFiles: [],
    geonamesDropped: new Map(),
    communeTypes: null,
    communesWithoutPostalCode: [],
    addedFromSubCommunes: [],
    coordinateSources: new Map(),
    geonamesMatchKinds: new Map(),
    looseMatches: [],
    nameMatches: [],
    coordinateSourcesByZone: new Map(),
    departmentAverage: [],
    noCoordinates: [],
    beDropped: new Map(),
    beRegions: new Map(),
    beWithoutCoordinates: 0,
    servicesDropped: [],
    servicesFromCommune: [],
    servicesRelocated: [],
    servicesUnknownInsee: new Map(),
    servicesInseeMismatch: [],
    servicesUnchecked: 0,
    serviceTypes: new Map(),
    warnings: [],
    outputs: [],
  };
}

function write(outDir, name, table, gzip, report) {
  const raw = tsv(table.header, table.rows);
  const data = gzip ? zlib.gzipSync(raw, { level: 9 }) : raw;
  writeFileSync(path.join(outDir, name), data);
  report.outputs.push({ name, rows: table.rows.length, bytes: data.length, rawBytes: raw.length, sha256: sha256(raw) });
}

function pct(n, total) {
  return total ? `${((100 * n) / total).toFixed(2)}%` : '-';
}

function printList(title, items, max = 20) {
  console.log(`  ${title}: ${items.length}`);
  for (const it of items.slice(0, max)) console.log(`    - ${it}`);
  if (items.length > max) console.log(`    ... and ${items.length - max} more`);
}

function printReport(report, opts) {
  const pkg = require('@etalab/decoupage-administratif/package.json');
  console.log('Passerelle reference data — coverage report');
  console.log(`  geonames: ${path.relative(process.cwd(), opts.geonames) || '.'}`);
  for (const f of report.geonamesFiles) console.log(`    ${f}`);
  for (const [k, n] of sortedEntries(report.geonamesDropped)) console.log(`    ignored: ${k}: ${n}`);
  console.log(`  communes: @etalab/decoupage-administratif ${pkg.version}`);
  for (const [k, n] of sortedEntries(report.communeTypes)) console.log(`    ${k}: ${n}`);
  console.log('');
  console.log('fr-communes.tsv.gz');
  console.log(`  rows (postal code, commune): ${report.frRows}`);
  console.log(`  distinct postal codes: ${report.frPostalCodes} (source codes: ${report.frPostalCodesInSource}, all covered)`);
  console.log(`  distinct communes/arrondissements: ${report.frCommunes}`);
  console.log('  coordinate sources:');
  for (const s of ['geonames', 'postcode-average', 'name-match', 'department-average', 'none']) {
    const n = report.coordinateSources.get(s) || 0;
    console.log(`    ${s.padEnd(19)} ${String(n).padStart(6)}  ${pct(n, report.frRows)}`);
  }
  console.log('  geonames matches by kind (postal code + normalised name):');
  for (const [k, n] of sortedEntries(report.geonamesMatchKinds)) console.log(`    ${k}: ${n}`);
  console.log('  by zone:');
  for (const [k, n] of sortedEntries(report.coordinateSourcesByZone)) console.log(`    ${k.replace('|', ' ')}: ${n}`);
  printList('postal codes only carried by a commune deleguee/associee (added)', report.addedFromSubCommunes);
  printList('communes without any postal code (no row)', report.communesWithoutPostalCode);
  printList('geonames matches other than on the same name (sample)', report.looseMatches, 25);
  printList('name-match rows (postal code unknown to GeoNames)', report.nameMatches);
  printList('rows with department-average coordinates', report.departmentAverage);
  const noneByDept = new Map();
  for (const line of report.noCoordinates) inc(noneByDept, /\(dept (\w+)\)$/.exec(line)[1]);
  const byDept = sortedEntries(noneByDept).map(([d, n]) => `${d}: ${n}`).join(', ');
  printList(`rows without coordinates, coordinateSource "none" (no GeoNames data for the territory; by department ${byDept})`, report.noCoordinates, 5);
  console.log(`  GeoNames regular postal codes not in the commune list (ignored): ${report.geonamesUnusedCodes}`);
  console.log('');
  console.log('fr-departments.tsv');
  console.log(`  rows: ${report.departments}`);
  console.log('');
  console.log('be-postcodes.tsv.gz');
  console.log(`  source rows: ${report.beSourceRows}, rows: ${report.beRows}, distinct postcodes: ${report.bePostcodes}`);
  for (const [k, n] of sortedEntries(report.beDropped)) console.log(`  dropped (${k}): ${n}`);
  if (report.beWithoutCoordinates) console.log(`  rows without coordinates: ${report.beWithoutCoordinates}`);
  for (const [k, n] of sortedEntries(report.beRegions)) console.log(`    ${k}: ${n}`);
  console.log('');
  console.log('public-services.tsv.gz (Service-Public.fr, 2016 snapshot)');
  console.log(`  source rows: ${report.servicesSourceRows}, rows: ${report.servicesRows}`);
  console.log('  types:');
  for (const [k, n] of sortedEntries(report.serviceTypes)) console.log(`    ${k.padEnd(21)} ${n}`);
  printList('coordinates taken from the commune (missing/invalid in source)', report.servicesFromCommune, 50);
  printList('coordinates replaced (outside France, or misplaced by more than ' + MAX_DISTANCE_KM + ' km)', report.servicesRelocated, 200);
  printList('insee_code outside the department of a plain postal address (locality/postal code preferred)', report.servicesInseeMismatch, 50);
  printList('dropped', report.servicesDropped, 50);
  const unknown = sortedEntries(report.servicesUnknownInsee).map(([k, n]) => `${k} (${n})`);
  printList('insee_code not found among current communes (incl. old codes)', unknown, 50);
  console.log(`  rows kept with unchecked source coordinates (no reference point with coordinates): ${report.servicesUnchecked}`);
  console.log('');
  console.log('outputs:');
  for (const o of report.outputs) {
    console.log(`  ${o.name.padEnd(24)} ${String(o.rows).padStart(6)} rows ${String(o.bytes).padStart(9)} bytes (raw ${o.rawBytes}) sha256(raw)=${o.sha256}`);
  }
  for (const w of report.warnings) console.log(`WARNING: ${w}`);
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const report = newReport();
  mkdirSync(opts.out, { recursive: true });

  const geo = loadGeonames(opts.geonames, report);
  const communes = buildCommunes(geo, report);
  const departments = buildDepartments(report);
  const belgium = buildBelgium(geo, report);
  const services = buildServices(opts.services, communes, report);

  write(opts.out, 'fr-communes.tsv.gz', communes, true, report);
  write(opts.out, 'fr-departments.tsv', departments, false, report);
  write(opts.out, 'be-postcodes.tsv.gz', belgium, true, report);
  write(opts.out, 'public-services.tsv.gz', services, true, report);
  console.log(`written to ${opts.out}\n`);
  printReport(report, opts);
}

main();
