#!/usr/bin/env bash
# The history at a hundred versions (issue 18): the 20,000-provision Code with RELEASES
# (100) generated releases of 1–3 small modifications each (examples/gen_history.rs),
# applied one by one with `sec-redline release R.yaml --apply`. At each CHECKPOINTS
# number of versions it measures, with the release binary:
#
#   history REF      a provision changed in every tenth release, and one never touched
#   text --as-at     the oldest version (a date before the first release) and the newest
#   release --apply  the release that made this version (best of 3: two more runs on copies)
#   du -sb history   the history folder: patches, records (version.yaml, effects.csv,
#                    changed.csv), against the bytes the releases changed
#   publish          at PUBLISH_AT versions, once
#
# "Bytes changed" by a release: for each document, the bytes (line ending included) of the
# lines `diff OLD NEW` reports removed (`<`) or added (`>`) between the text before and
# after the apply; summed over the releases applied so far.
#
# At the end every version is read back with `text --as-at` (a date on which it was in
# force) and compared byte for byte with the text as it was when applied.
#
#   benches/history.sh [SHAPES...]   # SHAPE: PER_DOC (500: 40 documents; 20000: one)
#
# Environment: RELEASES (100), CHECKPOINTS ("1 3 10 30 100"), PUBLISH_AT ("10 30"),
# IR=1 also counts instructions (valgrind --tool=callgrind) of history and text --as-at,
# KEEP=DIR keeps the work folder and results there (default: a temporary folder, removed).
# Results: one line per measure on stdout, and $work/results-SHAPE.tsv.
#
# Needs: cargo, diff, /usr/bin/time; valgrind for IR=1.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C
shapes=("$@")
[ ${#shapes[@]} -gt 0 ] || shapes=(500 20000)
releases=${RELEASES:-100}
checkpoints=" ${CHECKPOINTS:-1 3 10 30 100} "
publish_at=" ${PUBLISH_AT:-10 30} "

cargo build --release --quiet --bin sec-redline --example gen_history
bin="$PWD/target/release/sec-redline"
gen="$PWD/target/release/examples/gen_history"
if [ -n "${KEEP:-}" ]; then work=$KEEP; mkdir -p "$work"; else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
source benches/support/common.sh
machine

# run LABEL COMMAND...: one timed run (wall, user seconds, peak MB) into $work/run.txt;
# fails loudly if the command fails.
run() {
  local label=$1; shift
  if ! /usr/bin/time -f '%e %U %M' -o "$work/run.txt" "$@" >"$work/out.txt" 2>"$work/err.txt"; then
    echo "FAILED: $label: $*" >&2
    cat "$work/err.txt" >&2
    exit 1
  fi
}
# best3 LABEL COMMAND...: the best wall time of 3 runs (and its user time and the peak).
best3() {
  local best="" user="" mem=0 label=$1
  for _ in 1 2 3; do
    run "$@"
    read -r t u m < "$work/run.txt"
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$t; user=$u; fi
    [ "$m" -gt "$mem" ] && mem=$m
  done
  echo "$best $user $((mem / 1024))"
}
# instructions COMMAND...: instructions executed (callgrind), or "-" without IR=1.
instructions() {
  if [ "${IR:-}" = 1 ]; then
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
      awk '/Collected/ {print $4}'
  else
    echo -
  fi
}
# date_of R: the date release R is in force from (as gen_history writes them).
date_of() {
  printf '%d-%02d-01' $((2030 + $1 / 12)) $(($1 % 12 + 1))
}
# changed_bytes OLD NEW: bytes of the lines removed and added between two text folders.
changed_bytes() {
  local old=$1 new=$2 f total=0 n
  for f in "$old"/*.md "$new"/*.md; do
    local name
    name=$(basename "$f")
    [ "$f" = "$new/$name" ] && [ -f "$old/$name" ] && continue
    n=$(diff "$old/$name" "$new/$name" 2>/dev/null | awk '/^[<>] / {n += length($0) - 2 + 1} END {print n + 0}' || true)
    total=$((total + n))
  done
  echo "$total"
}
sum_text() { cat "$1"/*.md | sha256sum | cut -c1-64; }

for shape in "${shapes[@]}"; do
  dir="$work/h$shape"
  rm -rf "$dir"
  echo "== 20,000 provisions in documents of $shape: $("$gen" "$releases" "$dir" "$shape")"
  read -r _ tracked < <(grep '^tracked' "$dir/refs.txt")
  read -r _ untouched < <(grep '^untouched' "$dir/refs.txt")
  read -r _ before < <(grep '^before' "$dir/refs.txt")
  read -r _ after < <(grep '^after' "$dir/refs.txt")
  echo "tracked $tracked (changed by every tenth release), untouched $untouched; oldest --as-at $before, newest $after"
  results="$work/results-$shape.tsv"
  printf 'versions\tload\tmeasure\twall_s\tuser_s\tpeak_MB\tinstructions\n' > "$results"
  applies="$work/applies-$shape.tsv"
  printf 'version\twall_s\tuser_s\tpeak_MB\tchanged_bytes\n' > "$applies"
  text="$dir/sec-text"
  (cd "$dir" && sum_text sec-text) > "$dir/sum-0"
  changed=0
  mkdir -p "$dir/prev"
  for ((r = 1; r <= releases; r++)); do
    rel=$(printf '%s/releases/%03d.yaml' "$dir" "$r")
    rm -f "$dir"/prev/*.md
    cp "$text"/*.md "$dir/prev/"
    apply=("$bin" release "$rel" --text "$text" --changes "$dir/changes" --out "$dir/out" --apply)
    if [[ $checkpoints == *" $r "* ]]; then
      # Two runs on copies of the folder, then the real one: best of 3.
      best="" user="" mem=0
      for i in 1 2 3; do
        if [ $i -lt 3 ]; then
          rm -rf "$dir/copy"
          cp -a "$text" "$dir/copy"
          run apply "$bin" release "$rel" --text "$dir/copy" --changes "$dir/changes" --out "$dir/out-copy" --apply
        else
          run apply "${apply[@]}"
        fi
        read -r t u m < "$work/run.txt"
        if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$t; user=$u; fi
        [ "$m" -gt "$mem" ] && mem=$m
      done
      rm -rf "$dir/copy" "$dir/out-copy"
      apply_line="$best $user $((mem / 1024))"
    else
      run apply "${apply[@]}"
      read -r t u m < "$work/run.txt"
      apply_line="$t $u $((m / 1024))"
    fi
    bytes=$(changed_bytes "$dir/prev" "$text")
    changed=$((changed + bytes))
    read -r t u m <<< "$apply_line"
    printf '%s\t%s\t%s\t%s\t%s\n' "$r" "$t" "$u" "$m" "$bytes" >> "$applies"
    (cd "$dir" && sum_text sec-text) > "$dir/sum-$r"
    [[ $checkpoints == *" $r "* ]] || continue

    load=$(awk '{print $1}' /proc/loadavg)
    record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$load" "$1" $2 "$3" >> "$results"; }
    record "release --apply" "$apply_line" -
    for ref in "$tracked" "$untouched"; do
      line=$(best3 history "$bin" history "$ref" --text "$text")
      record "history $ref" "$line" "$(instructions "$bin" history "$ref" --text "$text")"
    done
    for at in "$before" "$after"; do
      rm -rf "$dir/x"
      line=$(best3 text "$bin" text --as-at "$at" --text "$text" --out "$dir/x")
      rm -rf "$dir/x"
      record "text --as-at $at" "$line" "$(instructions "$bin" text --as-at "$at" --text "$text" --out "$dir/x")"
      rm -rf "$dir/x"
    done
    if [[ $publish_at == *" $r "* ]]; then
      rm -rf "$dir/site"
      run publish "$bin" publish --text "$text" --out "$dir/site" --changes "$dir/changes"
      rm -rf "$dir/site"
      read -r t u m < "$work/run.txt"
      record publish "$t $u $((m / 1024))" -
    fi
    hist=$(du -sb "$text/history" | cut -f1)
    records=$(cat "$text"/history/*/version.yaml "$text"/history/*/effects.csv "$text"/history/*/changed.csv 2>/dev/null | wc -c)
    patches=$(cat "$text"/history/*/*.patch 2>/dev/null | wc -c)
    record "history folder (du -sb)" "$hist - -" -
    record "records (version.yaml, effects.csv, changed.csv)" "$records - -" -
    record "patches" "$patches - -" -
    record "bytes changed by the releases" "$changed - -" -
    echo "-- $r version(s), load $load"
    awk -F'\t' -v r="$r" 'NR > 1 && $1 == r {printf "   %-52s %10s %8s %6s %14s\n", $3, $4, $5, $6, $7}' "$results"
  done

  # Every version reads back exactly.
  bad=0
  for ((r = 0; r <= releases; r++)); do
    if [ "$r" = 0 ]; then at=$before; else at=$(date_of "$r"); fi
    rm -rf "$dir/x"
    run "text --as-at $at" "$bin" text --as-at "$at" --text "$text" --out "$dir/x"
    if [ "$(sum_text "$dir/x")" != "$(cat "$dir/sum-$r")" ]; then
      echo "MISMATCH: version at $at (release $r) does not read back as applied" >&2
      bad=$((bad + 1))
    fi
  done
  rm -rf "$dir/x"
  echo "read back: $((releases + 1 - bad)) of $((releases + 1)) versions byte for byte"
  echo "history $tracked at $releases versions:"
  "$bin" history "$tracked" --text "$text" | sed 's/^/   /'
  awk -F'\t' 'NR > 1 {n++; s += $2; if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2}
    END {printf "release --apply, all %d: mean %.2f s, min %.2f s, max %.2f s\n", n, s / n, min, max}' "$applies"
  [ "$bad" = 0 ] || exit 1
done
