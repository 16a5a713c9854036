#!/usr/bin/env bash
# Re-trains the models shipped in data/models/ (each beside its static baseline) from the training splits in
# ../shared/data, with the default settings and seed 0, so the files can be checked and rebuilt. Each model
# trains in a few minutes on two CPU cores; the log of each run goes to data/models/<name>/train.log.
# First each runs the validation protocol (FOLDS folds, default 5, × SEEDS seeds, default 1: model and baseline
# on every fold), recorded in its model card; FOLDS=0 skips it (minutes instead of about an hour in all).
# Usage: [FOLDS=K] [SEEDS=N] scripts/train-models.sh [sst2|wic|idiom-zero-shot|idiom-one-shot ...]   (default: all four)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$(cd "$root/.." && pwd)/shared/data"
out="$root/data/models"
attn=(node "$root/dist/cli/attn.js")
[ -f "$root/dist/cli/attn.js" ] || (cd "$root" && npm run build --silent)

folds=${FOLDS:-5}
protocol=()
[ "$folds" = 0 ] || protocol=(--folds "$folds" --seeds "${SEEDS:-1}")

train() { # name, then attn train arguments
  local name="$1"; shift
  local log="$out/.$name.train.log"
  rm -rf "${out:?}/$name"
  echo "== $name: attn train $*" >&2
  # attn train writes only into a new or empty folder (or a model folder): the log joins it when training is done.
  # stderr to the terminal and the log; a pipeline, so tee has finished when it returns (pipefail keeps the status).
  { "${attn[@]}" train "$@" "${protocol[@]}" --out "$out/$name" --seed 0 2>&1 1>&3 | tee "$log" >&2; } 3>&1
  mv "$log" "$out/$name/train.log"
}

models=("$@")
[ ${#models[@]} -gt 0 ] || models=(sst2 wic idiom-zero-shot idiom-one-shot)
for m in "${models[@]}"; do
  case "$m" in
    sst2) train sst2 --task sst2 --train "$data/sst2/train.tsv" --tune-words 4000 --ema 0.998 ;;
    wic) train wic --task wic --train "$data/wic/train.data.txt" --gold "$data/wic/train.gold.txt" --dim 128 --ff 256 ;;
    idiom-zero-shot) train idiom-zero-shot --task idiom --train "$data/semeval2022_task2a_idiomaticity/train_zero_shot.csv" --setting zero-shot ;;
    idiom-one-shot) train idiom-one-shot --task idiom --train "$data/semeval2022_task2a_idiomaticity/train_zero_shot.csv" --setting one-shot ;;
    *) echo "unknown model '$m' (sst2, wic, idiom-zero-shot, idiom-one-shot)" >&2; exit 2 ;;
  esac
done
