#!/bin/sh
# Builds data/webster-1913-sample.txt, the small text `attn embed demo` trains on: every 6th entry of the
# GCIDE dictionary (Debian dict-gcide 0.48.5+nmu2) whose only source is the 1913 Webster (public domain),
# tokenized like GloVe, under 1 MB. Re-runnable; needs `npm run build`.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download dict-gcide=0.48.5+nmu2 >/dev/null 2>&1 || { echo "build-demo-text: apt-get download dict-gcide failed (apt-get update?)" >&2; exit 1; }
dpkg-deb -x dict-gcide_*.deb x
zcat x/usr/share/dictd/gcide.dict.dz | node --input-type=module -e '
  const { tokenize } = await import(process.argv[1] + "/dist/src/index.js");
  const text = (await import("node:fs")).readFileSync(0, "utf8");
  const out = []; let n = 0, bytes = 0;
  for (const block of text.split(/\n\s*\n/)) {
    const tags = block.match(/\[[^\]]*\]$/gm) ?? [];
    if (!tags.length || !tags.every((t) => t === "[1913 Webster]") || n++ % 6) continue;
    const line = tokenize(block.replace(/\[1913 Webster\]/g, " ").replace(/[{}\\]/g, " ")).join(" ");
    if (bytes + line.length > 950000) break;
    out.push(line); bytes += line.length + 1;
  }
  process.stdout.write(out.join("\n") + "\n");
' "$root" > "$root/data/webster-1913-sample.txt"
echo "$(wc -w < "$root/data/webster-1913-sample.txt") tokens, $(wc -c < "$root/data/webster-1913-sample.txt") bytes, sha256 $(sha256sum "$root/data/webster-1913-sample.txt" | cut -d' ' -f1)"
