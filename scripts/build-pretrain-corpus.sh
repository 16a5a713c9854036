#!/usr/bin/env bash
# Builds the pre-training corpus for `attn pretrain`: public-domain text from pinned Debian packages (GCIDE, the
# 1913 Webster's definitions; the fortune cookie files) plus the unlabelled sentences of the tasks' TRAINING files
# (never dev or test). One sentence or passage per line, in a fixed order, so a rebuild gives the same bytes.
# Excluded on purpose, because the evaluation sets were built from them: WordNet (GCIDE paragraphs marked
# "[WordNet 1.5]" or "[PJC]", the WordNet-derived additions, are dropped; no wordnet package is used), VerbNet and
# Wiktionary (not used), Rotten Tomatoes reviews (only SST-2's own train.tsv is read).
# Usage: scripts/build-pretrain-corpus.sh OUT.txt [DATA_DIR (default /work/shared/data)]
# Needs: apt-get (download only, no root), dpkg-deb, python3. Prints the token count and the sha256 of OUT.
# Expected with the pins below and the shared data as of 2026-12: see docs/pretraining.md ("Corpus").
set -euo pipefail
out=${1:?usage: build-pretrain-corpus.sh OUT.txt [DATA_DIR]}
data=${2:-/work/shared/data}
PACKAGES=("dict-gcide=0.48.5+nmu2" "fortunes=1:1.99.1-7.3" "fortunes-min=1:1.99.1-7.3")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download -q "${PACKAGES[@]}" >/dev/null 2>&1) || { echo "apt-get download failed for ${PACKAGES[*]} (are the pinned versions still in the archive?)" >&2; exit 1; }
for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$tmp/root"; done
for f in sst2/train.tsv wic/train.data.txt semeval2022_task2a_idiomaticity/train_zero_shot.csv; do
  [ -f "$data/$f" ] || { echo "missing $data/$f" >&2; exit 1; }
done
python3 - "$tmp/root" "$data" "$out.partial" <<'PY'
import csv, gzip, os, re, sys
root, data, out = sys.argv[1:]
lines, seen = [], set()
def add(text):
    text = re.sub(r'\s+', ' ', text).strip()
    if len(text.split()) >= 3 and text not in seen:
        seen.add(text); lines.append(text)

# GCIDE: one definition paragraph per line; only paragraphs credited to the 1913 Webster (public domain), never
# the WordNet-derived ones ([WordNet 1.5], [PJC]); headword lines, pronunciations, etymologies and citations removed.
with gzip.open(os.path.join(root, 'usr/share/dictd/gcide.dict.dz'), 'rt', encoding='utf-8', errors='replace') as f:
    for para in f.read().split('\n\n'):
        if 'WordNet' in para or '[PJC]' in para or '[1913 Webster]' not in para: continue
        body = para.split('\n')
        if re.match(r'^\S.*\\.*\\', body[0]): body = body[1:]  # "Abdomen \Ab*do"men\, n. [L. ...]"
        text = ' '.join(body)
        text = re.sub(r'\[[^\]]*\]', ' ', text)          # [1913 Webster], [R.], etymologies
        text = re.sub(r'--\s*[A-Z][\w.\s]*?(?=$|[.;]|\s{2})', ' ', text)  # --Bailey. (citations)
        text = re.sub(r'^\s*\d+\.\s*', '', text)
        text = re.sub(r'\([A-Z][a-z]+\.\)', ' ', text)     # (Zool.), (Anat.)
        text = text.replace('{', '').replace('}', '').replace('\\', '').replace('"', '').replace('`', '').replace('*', '')
        add(text)

# Fortunes: one fortune per line.
fdir = os.path.join(root, 'usr/share/games/fortunes')
for name in sorted(os.listdir(fdir)):
    p = os.path.join(fdir, name)
    if name.endswith('.dat') or os.path.islink(p) or not os.path.isfile(p): continue
    with open(p, encoding='utf-8', errors='replace') as f:
        for fortune in re.split(r'\n%\n', f.read()): add(fortune)

# The tasks' training files: their sentences without labels.
with open(os.path.join(data, 'sst2/train.tsv'), encoding='utf-8') as f:
    for i, row in enumerate(f):
        if i: add(row.split('\t')[0])
with open(os.path.join(data, 'wic/train.data.txt'), encoding='utf-8') as f:
    for row in f:
        cols = row.rstrip('\n').split('\t')
        if len(cols) >= 5: add(cols[3]); add(cols[4])
with open(os.path.join(data, 'semeval2022_task2a_idiomaticity/train_zero_shot.csv'), encoding='utf-8', newline='') as f:
    for row in csv.DictReader(f):
        if row.get('Language') == 'EN':
            for k in ('Previous', 'Target', 'Next'): add(row.get(k) or '')
with open(out, 'w', encoding='utf-8') as f:
    f.write('\n'.join(lines) + '\n')
print(f'{len(lines)} lines, {sum(len(l.split()) for l in lines)} whitespace tokens', file=sys.stderr)
PY
mv "$out.partial" "$out"
echo "$out: $(wc -w < "$out") words, $(wc -l < "$out") lines, sha256 $(sha256sum "$out" | cut -d' ' -f1)"
