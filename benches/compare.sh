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
# `ab,ab,…` rewritten as `ab;ab;…`). Default: every shape of docs/performance.md.
# PANDOC_MAX=N skips pandoc on inputs above N bytes (default 40 MB: pandoc needs about
# 150 bytes of memory per byte of Markdown); CAP=S stops any command after S seconds.
#
# Needs: cargo, pandoc, git, /usr/bin/time (Debian: apt-get install pandoc git time).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then shapes=("$@"); else
  shapes=(2000 20000 20000:one 80000:one 200000 compare-sparse compare-dense compare-different patho abab:20000 abab:40000 abab:300000)
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
    compare-*)
      "$gen" compare "$([ "$shape" = compare-different ] && echo 11000 || echo 20000)" "${shape#compare-}" "$dir" > "$dir.info"
      echo "== $shape: $(cat "$dir.info")"
      (cd "$dir" && measure "sec-redline compare (DOCX+HTML)" "$bin" compare old.md new.md --out out)
      beside "$dir/old.md" "$dir/new.md"
      ;;
    *)
      case $shape in
        patho) "$gen" patho "$dir" > "$dir.info" ;;
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
