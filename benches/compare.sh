#!/usr/bin/env bash
# Side by side, on the same generated corpus: sec-redline's full build, pandoc
# Markdown→DOCX, and git word-diff, with wall time and peak memory (/usr/bin/time -v).
#
#   benches/compare.sh [SIZES...]        default: 2000 20000, plus the pathological case
#
# Needs: cargo, pandoc, git, /usr/bin/time (Debian: apt-get install pandoc git time).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-2000 20000}")
[ $# -gt 0 ] || sizes=(2000 20000)

cargo build --release --quiet --bin sec-redline --example gen_corpus
bin="$PWD/target/release/sec-redline"
gen="$PWD/target/release/examples/gen_corpus"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

source benches/support/common.sh

machine
echo "pandoc: $(pandoc --version | head -1); git: $(git --version)"
echo
for n in "${sizes[@]}"; do
  dir="$work/c$n"
  "$gen" "$n" "$dir" > "$dir.info"
  echo "== $n provisions: $(cat "$dir.info")"
  (cd "$dir" && measure "sec-redline build (DOCX+HTML+consolidated)" "$bin" build change.yaml --out out)
  ours=$(cat "$work/last.txt")
  echo "$ours" > "$work/ours-$n.txt"
  # The amended text for the text-only tools: every document as consolidated (or as it was).
  amended_md "$dir"
  (cd "$dir" && ONCE=1 measure "pandoc amended.md -o amended.docx" pandoc amended.md -o amended.docx)
  theirs=$(cat "$work/last.txt")
  (cd "$dir" && measure "git diff --no-index --word-diff base amended" git diff --no-index --word-diff base.md amended.md)
  awk -v a="$theirs" -v b="$ours" 'BEGIN{printf "   pandoc / sec-redline: %.0fx\n", a/b}'
  echo
done
if [ -f "$work/ours-2000.txt" ] && [ -f "$work/ours-20000.txt" ]; then
  awk -v a="$(cat "$work/ours-20000.txt")" -v b="$(cat "$work/ours-2000.txt")" 'BEGIN{printf "scaling: 20,000 provisions took %.1fx the 2,000 run\n\n", a/b}'
fi
dir="$work/patho"
"$gen" patho "$dir" > "$dir.info"
echo "== pathological: one provision of 1 MB rewritten with its words shuffled"
(cd "$dir" && measure "sec-redline build" "$bin" build change.yaml --out out)
