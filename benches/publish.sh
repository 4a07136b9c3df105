#!/usr/bin/env bash
# The published site at a hundred versions (issue 19): the 20,000-provision Code split into
# 40 documents (examples/gen_history.rs, 500 provisions a document) with RELEASES (100)
# generated releases of 1–3 small modifications each, applied one by one with
# `sec-redline release R.yaml --apply`. It measures, with the release binary and
# /usr/bin/time (CPU = user + sys, peak RSS), and the load beside each figure:
#
#   full publish       into an empty folder, at 0 releases (1 version) and at each of AT
#                      (default "30 100") releases
#   incremental        the site at RELEASES - 1 releases, then one more release applied,
#                      then `publish` into that same site; checked byte for byte against the
#                      full publish of the same history
#   site size          du -sb of each site, and its number of files
#
#   benches/publish.sh
#
# Environment: RELEASES (100), AT ("30 100"), KEEP=DIR keeps the work folder (and reuses
# the applied history found there: delete DIR to start again), PREPARE=1 only applies the
# releases (with KEEP, so that a later run measures on a quieter machine), NOBUILD=1 uses
# target/release as it is, BIN=FILE measures that binary instead (another build copied aside,
# so that two builds are measured alternately under the same load).
# Needs: cargo, /usr/bin/time, du, diff.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C
releases=${RELEASES:-100}
at=" ${AT:-30 100} "

# NOBUILD=1: use the binaries as built (another cargo may hold the build folder's lock).
[ -n "${NOBUILD:-}" ] || cargo build --release --quiet --bin sec-redline --example gen_history
bin=${BIN:-$PWD/target/release/sec-redline}
gen="$PWD/target/release/examples/gen_history"
if [ -n "${KEEP:-}" ]; then work=$KEEP; mkdir -p "$work"; else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
source benches/support/common.sh
machine

dir="$work/h"
# The text folder after r releases: $dir/text-r (a copy kept for each one measured).
if [ ! -f "$dir/done" ]; then
  rm -rf "$dir"
  echo "generating: $("$gen" "$releases" "$dir" 500)"
  cp -a "$dir/sec-text" "$dir/text-0"
  for ((r = 1; r <= releases; r++)); do
    rel=$(printf '%s/releases/%03d.yaml' "$dir" "$r")
    "$bin" release "$rel" --text "$dir/sec-text" --changes "$dir/changes" --out "$dir/out" --apply >/dev/null
    rm -rf "$dir/out"
    if [[ $at == *" $r "* ]] || [ "$r" = $((releases - 1)) ]; then cp -a "$dir/sec-text" "$dir/text-$r"; fi
  done
  touch "$dir/done"
fi
[ "${PREPARE:-}" = 1 ] && { echo "prepared: $dir"; exit 0; }

# timed LABEL COMMAND...: one run; prints LABEL, CPU s (user+sys), wall s, peak MB, load.
timed() {
  local label=$1; shift
  local load
  load=$(awk '{print $1}' /proc/loadavg)
  if ! /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt"; then
    echo "FAILED: $label" >&2; cat "$work/err.txt" >&2; exit 1
  fi
  awk -F': ' -v label="$label" -v load="$load" '
    /User time|System time/ {cpu += $2}
    /Elapsed/ {n = split($2, a, ":"); wall = (n == 3 ? a[1]*3600 + a[2]*60 + a[3] : a[1]*60 + a[2])}
    /Maximum resident/ {mb = $2 / 1024}
    END {printf "%-40s cpu %7.2f s  wall %7.2f s  peak %6.0f MB  load %s\n", label, cpu, wall, mb, load}' "$work/time.txt"
}
size() { printf '%-40s %6.1f MB in %d files\n' "  site $1" "$(du -sb "$2" | awk '{print $1 / 1e6}')" "$(find "$2" -type f | wc -l)"; }

for r in 0 $at; do
  rm -rf "$work/site-$r"
  timed "full publish, $r releases" "$bin" publish --text "$dir/text-$r" --changes "$dir/changes" --out "$work/site-$r"
  size "$r releases" "$work/site-$r"
done

# Incremental: the site of RELEASES - 1 releases, then the last release.
prev=$((releases - 1))
rm -rf "$work/inc" "$work/inc-text"
"$bin" publish --text "$dir/text-$prev" --changes "$dir/changes" --out "$work/inc" >/dev/null
cp -a "$dir/text-$releases" "$work/inc-text" 2>/dev/null || cp -a "$dir/sec-text" "$work/inc-text"
timed "incremental publish, release $releases" "$bin" publish --text "$work/inc-text" --changes "$dir/changes" --out "$work/inc"
full="$work/site-$releases"
[ -d "$full" ] || "$bin" publish --text "$work/inc-text" --changes "$dir/changes" --out "$full" >/dev/null
if diff -r "$work/inc" "$full" >/dev/null; then echo "incremental = full: byte for byte"; else
  echo "MISMATCH: the incremental site differs from the full one" >&2; exit 1
fi
