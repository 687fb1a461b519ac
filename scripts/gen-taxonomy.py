#!/usr/bin/env python3
"""Regenerate server/data/taxonomy/{naf,communes,departements,regions}.tsv from official open data
as published on the npm registry:
  - @etalab/decoupage-administratif 6.0.0 (MIT; INSEE Code officiel géographique + La Poste
    postcodes + INSEE populations, by Etalab)
  - @socialgouv/codes-naf 1.1.1 (Apache-2.0; INSEE NAF rév. 2 nomenclature)
Usage: scripts/gen-taxonomy.py   (needs npm; writes the files, prints counts)"""
import json, os, subprocess, sys, tarfile, tempfile

OUT = os.path.join(os.path.dirname(__file__), '..', 'server', 'data', 'taxonomy')
PACKAGES = ['@etalab/decoupage-administratif@6.0.0', '@socialgouv/codes-naf@1.1.1']

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

def clean(s):
    return s.replace('\t', ' ').replace('\n', ' ').strip()

def main():
    with tempfile.TemporaryDirectory() as tmp:
        roots = unpack(tmp)
        geo = next(v for k, v in roots.items() if 'decoupage' in k)
        naf = next(v for k, v in roots.items() if 'codes-naf' in k)
        load = lambda *p: json.load(open(os.path.join(*p), encoding='utf-8'))
        os.makedirs(OUT, exist_ok=True)
        naf_rows = [n for n in load(naf, 'index.json') if len(n['id']) == 6]
        with open(os.path.join(OUT, 'naf.tsv'), 'w', encoding='utf-8') as f:
            for n in naf_rows:
                f.write(f"{n['id']}\t{clean(n['label'])}\n")
        communes = [c for c in load(geo, 'data', 'communes.json')
                    if c['type'] in ('commune-actuelle', 'arrondissement-municipal')]
        with open(os.path.join(OUT, 'communes.tsv'), 'w', encoding='utf-8') as f:
            for c in communes:
                f.write('\t'.join([c['code'], clean(c['nom']), ','.join(c.get('codesPostaux', [])),
                                   str(c.get('population') or 0), c.get('departement', ''), c.get('region', '')]) + '\n')
        with open(os.path.join(OUT, 'departements.tsv'), 'w', encoding='utf-8') as f:
            for d in load(geo, 'data', 'departements.json'):
                f.write(f"{d['code']}\t{clean(d['nom'])}\t{d['region']}\n")
        with open(os.path.join(OUT, 'regions.tsv'), 'w', encoding='utf-8') as f:
            for r in load(geo, 'data', 'regions.json'):
                f.write(f"{r['code']}\t{clean(r['nom'])}\n")
        print(f'naf: {len(naf_rows)} subclasses, communes: {len(communes)}')

if __name__ == '__main__':
    sys.exit(main())
