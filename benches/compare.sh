#!/usr/bin/env bash
# Side by side, on the same generated inputs: sec-redline, pandoc Markdown→DOCX, and git
# word-diff, with wall time and peak memory (/usr/bin/time -v).
#
#   benches/compare.sh [SHAPES...]
#
# A shape is N (N provisions in documents of 500, the Code's shape), N:one (N provisions
# in one document), compare-sparse / compare-dense / compare-different (two versions of
# one document: 20,000 provisions, 9 MB; 11,000 provisions, 5 MB, for different), patho
# (a 1 MB provision rewritten with its words shuffled) or abab:WORDS (one provision
# `ab,ab,…` rewritten as `ab;ab;…`). The dense shapes (issue 21): dense:N and dense:N:one
# (a change-set changing 30% of N provisions), scoped:CHANGES (that many replaces, each
# scoped to one provision of 20,000), line:BYTES (one provision on one line), matches:N
# (one replace matching N times), compare-third (every third word changed),
# compare-different:N (no word in common, N provisions: 20000 is 9 MB) and nest:DEPTH
# (sub-paragraphs nested DEPTH deep: build, release --apply, history, publish).
# Default: the shapes of docs/performance.md; DENSE=1: the dense shapes only.
# PANDOC_MAX=N skips pandoc on inputs above N bytes (default 40 MB: pandoc needs about
# 150 bytes of memory per byte of Markdown); CAP=S stops any command after S seconds.
#
# Needs: cargo, pandoc, git, /usr/bin/time (Debian: apt-get install pandoc git time).
set -euo pipefail
cd "$(dirname "$0")/.."
dense=(20000 dense:20000 dense:20000:one scoped:1000 scoped:10000 line:50000000 matches:1000000 compare-third compare-different:20000 nest:5000)
if [ $# -gt 0 ]; then shapes=("$@"); elif [ "${DENSE:-}" = 1 ]; then shapes=("${dense[@]}"); else
  shapes=(2000 20000 20000:one 80000:one 200000 compare-sparse compare-dense compare-different patho abab:20000 abab:40000 abab:300000 "${dense[@]:1}")
fi
pandoc_max=${PANDOC_MAX:-40000000}

cargo build --release --quiet --bin sec-redline --example gen_corpus
bin="$PWD/target/release/sec-redline"
gen="$PWD/target/release/examples/gen_corpus"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

source benches/support/common.sh

machine
echo "pandoc: $(pandoc --version | head -1); git: $(git --version)"
echo
# beside BASE AMENDED LABEL: pandoc and git word-diff on the same text, and the ratio.
beside() {
  local base=$1 amended=$2 ours
  ours=$(cat "$work/last.txt")
  if [ "$(stat -c %s "$amended")" -le "$pandoc_max" ]; then
    ONCE=1 measure "pandoc amended -o amended.docx" pandoc "$amended" -f markdown -o "$work/amended.docx"
    awk -v a="$(cat "$work/last.txt")" -v b="$ours" 'BEGIN{printf "   pandoc / sec-redline: %.0fx\n", a/b}'
  else
    echo "   pandoc: not run on $(stat -c %s "$amended") bytes (PANDOC_MAX)"
  fi
  measure "git diff --no-index --word-diff" git diff --no-index --word-diff "$base" "$amended"
  awk -v a="$(cat "$work/last.txt")" -v b="$ours" 'BEGIN{printf "   sec-redline / git word-diff: %.1fx\n", b/a}'
}
for shape in "${shapes[@]}"; do
  dir="$work/s"
  rm -rf "$dir"
  case $shape in
    nest:*)
      "$gen" nest "${shape#nest:}" "$dir" > "$dir.info"
      echo "== $shape: $(cat "$dir.info")"
      (cd "$dir" && measure "sec-redline build" "$bin" build changes/nest.yaml --out out)
      cp -r "$dir/sec-text" "$dir/code"
      (cd "$dir" && ONCE=1 measure "sec-redline release --apply" "$bin" release release.yaml --text code --out rel --apply)
      (cd "$dir" && measure "sec-redline release (not applied again)" "$bin" release release.yaml --text sec-text --out rel2)
      (cd "$dir" && measure "sec-redline history N1.1" "$bin" history N1.1 --text code)
      (cd "$dir" && measure "sec-redline publish" "$bin" publish --text code --out site --changes changes)
      amended_md "$dir"
      beside "$dir/base.md" "$dir/amended.md"
      echo
      continue
      ;;
    compare-*)
      kind=${shape#compare-}
      n=20000
      case $kind in
        *:*) n=${kind#*:}; kind=${kind%%:*} ;;
        different) n=11000 ;;
      esac
      "$gen" compare "$n" "$kind" "$dir" > "$dir.info"
      echo "== $shape: $(cat "$dir.info")"
      (cd "$dir" && measure "sec-redline compare (DOCX+HTML)" "$bin" compare old.md new.md --out out)
      beside "$dir/old.md" "$dir/new.md"
      ;;
    *)
      case $shape in
        patho) "$gen" patho "$dir" > "$dir.info" ;;
        dense:*:one) n=${shape#dense:}; n=${n%:one}; "$gen" dense "$n" "$dir" "$n" > "$dir.info" ;;
        dense:*) "$gen" dense "${shape#dense:}" "$dir" > "$dir.info" ;;
        scoped:*) "$gen" scoped 20000 "${shape#scoped:}" "$dir" > "$dir.info" ;;
        line:*) "$gen" line "${shape#line:}" "$dir" > "$dir.info" ;;
        matches:*) "$gen" matches "$(( ${shape#matches:} / 50 ))" 50 "$dir" > "$dir.info" ;;
        abab:*) "$gen" abab "${shape#abab:}" "$dir" > "$dir.info" ;;
        *:one) "$gen" "${shape%:one}" "$dir" "${shape%:one}" > "$dir.info" ;;
        *) "$gen" "$shape" "$dir" > "$dir.info" ;;
      esac
      echo "== $shape: $(cat "$dir.info")"
      (cd "$dir" && measure "sec-redline build (DOCX+HTML+consolidated)" "$bin" build change.yaml --out out)
      echo "$(cat "$work/last.txt")" > "$work/ours-$shape.txt"
      # The amended text for the text-only tools: every document as consolidated (or as it was).
      amended_md "$dir"
      beside "$dir/base.md" "$dir/amended.md"
      ;;
  esac
  echo
done
ratio() {
  [ -f "$work/ours-$1.txt" ] && [ -f "$work/ours-$2.txt" ] &&
    awk -v a="$(cat "$work/ours-$2.txt")" -v b="$(cat "$work/ours-$1.txt")" -v x="$1" -v y="$2" \
      'BEGIN{printf "scaling: %s took %.2fx the %s run\n", y, a/b, x}'
  return 0
}
ratio 2000 20000
ratio 20000:one 80000:one
ratio 20000 200000
ratio abab:20000 abab:40000
