#!/usr/bin/env bash
# `sec-redline import` of a large Word document beside pandoc's docx reader, with wall time
# and peak memory (/usr/bin/time -v).
#
#   benches/import.sh [PROVISIONS]
#
# The document is the clean DOCX that `publish` writes of one generated Section of
# PROVISIONS provisions (default 68,000: a 9 MB .docx holding 77 MB of XML). pandoc reads
# the same file into Markdown (`pandoc -f docx -t markdown`); CAP=S stops any command after
# S seconds (default 600).
#
# Needs: cargo, pandoc, unzip, /usr/bin/time (Debian: apt-get install pandoc unzip time).
set -euo pipefail
cd "$(dirname "$0")/.."
provisions=${1:-68000}
export CAP=${CAP:-600}

cargo build --release --quiet --bin sec-redline --example gen_corpus
bin="$PWD/target/release/sec-redline"
gen="$PWD/target/release/examples/gen_corpus"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

source benches/support/common.sh

machine
echo "pandoc: $(pandoc --version | head -1)"
"$gen" "$provisions" "$work/g" "$provisions" > "$work/info"
"$bin" publish --text "$work/g/sec-text" --out "$work/site" --changes changes > /dev/null
docx=$(find "$work/site/downloads" -name '*.docx' | head -1)
xml=$(unzip -l "$docx" word/document.xml | awk '/document.xml/ {print $1}')
echo "== $(cat "$work/info"): $(stat -c %s "$docx") bytes of DOCX, $xml bytes of document.xml"
measure "sec-redline import (Markdown, checked)" "$bin" import "$docx" --out "$work/imported"
ours=$(cat "$work/last.txt")
ONCE=1 measure "pandoc -f docx -t markdown" pandoc -f docx -t markdown "$docx" -o "$work/pandoc.md"
awk -v a="$(cat "$work/last.txt")" -v b="$ours" 'BEGIN{printf "   pandoc / sec-redline: %.0fx\n", a/b}'
# The import reads back the generated text word for word.
if diff -q <(tr -s ' \n' '\n\n' < "$work/imported/"*.md) <(tr -s ' \n' '\n\n' < "$work/g/sec-text/"*.md) > /dev/null; then
  echo "   the imported text is the generated text, word for word"
else
  echo "   the imported text differs from the generated text" >&2
  exit 1
fi
