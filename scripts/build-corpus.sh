#!/bin/sh
# Builds the word2vec benchmark corpus from Debian packages, reproducibly: the packages' pinned versions are
# fetched with `apt-get download` (nothing is installed), their text extracted, tokenized like GloVe
# (lower-cased, punctuation split off, by attnlab's own tokenizer), one sentence or line per line.
# Sources: dict-gcide (GCIDE, GPL; mostly the 1913 Webster, public domain), wordnet-base glosses (WordNet 3.0
# licence), fortunes (BSD). 10,318,579 tokens, sha256 8ccac60b…677d24: 7.16M words and 3.16M punctuation tokens
# (the tokenizer splits `.` `,` `;` quotes and brackets off as tokens); no KJV Bible (bible-kjv-text ships no
# plain text), which is why it is not the ~7.6M words planned with it. Usage: scripts/build-corpus.sh [OUT]  (default .cache/corpus/debian.txt; needs `npm run build`)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/.cache/corpus/debian.txt}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download dict-gcide=0.48.5+nmu2 wordnet-base=1:3.0-37 fortunes=1:1.99.1-7.3 >/dev/null 2>&1 ||
  { echo "build-corpus: apt-get download failed (run apt-get update; versions pinned in this script)" >&2; exit 1; }
for f in *.deb; do dpkg-deb -x "$f" x; done
{
  # GCIDE: the dictionary text without its source tags ([1913 Webster]) and markup braces.
  zcat x/usr/share/dictd/gcide.dict.dz | sed -e 's/\[[^]]*Webster[^]]*\]//g' -e 's/[{}\\]/ /g'
  # WordNet: the gloss after '|' on each synset line.
  cat x/usr/share/wordnet/data.noun x/usr/share/wordnet/data.verb x/usr/share/wordnet/data.adj x/usr/share/wordnet/data.adv | grep -v '^  ' | sed -n 's/^[^|]*| *//p'
  # fortunes: every text file (not the .dat indexes, not the offensive/ folder), without the % separators.
  for f in x/usr/share/games/fortunes/*; do case "$f" in *.dat|*.u8) ;; *) [ -f "$f" ] && grep -v '^%$' "$f" ;; esac; done
} | node -e '
  const { tokenize } = await import(process.argv[1] + "/dist/src/index.js");
  const rl = (await import("node:readline")).createInterface({ input: process.stdin, crlfDelay: Infinity });
  const out = [];
  for await (const line of rl) { const t = tokenize(line); if (t.length) out.push(t.join(" ")); if (out.length >= 10000) { process.stdout.write(out.join("\n") + "\n"); out.length = 0; } }
  if (out.length) process.stdout.write(out.join("\n") + "\n");
' --input-type=module "$root" > corpus.txt
mkdir -p "$(dirname "$out")"
mv corpus.txt "$out"
cd "$root"
echo "$(wc -w < "$out") tokens, $(wc -c < "$out") bytes, sha256 $(sha256sum "$out" | cut -d' ' -f1): $out"
