#!/usr/bin/env bash
# Side by side with the Word-compare engines a user would otherwise run on two .docx
# files: Open-XML-PowerTools WmlComparer and Docxodus. Both are self-contained .NET
# linux-x64 builds shipped inside PyPI wheels (python-redlines), so no .NET SDK is needed.
#
#   benches/wordcompare.sh [SIZES...]     default: 200 2000
#
# For each size: the generated corpus is built by sec-redline (DOCX+HTML+consolidated);
# pandoc turns the base and the amended text into base.docx and amended.docx; each
# engine compares them into a redline DOCX. Each run is capped (CAP seconds, default
# 1200) and reported with wall time and peak memory (/usr/bin/time -v).
#
# Needs: cargo, pandoc, python3 with venv, /usr/bin/time, network access to PyPI once.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ $# -gt 0 ] || sizes=(200 2000)
CAP=${CAP:-1200}
venv=${WML_VENV:-target/wordcompare-venv}

cargo build --release --quiet --bin sec-redline --example gen_corpus
bin="$PWD/target/release/sec-redline"
gen="$PWD/target/release/examples/gen_corpus"
if ! "$venv/bin/python" -c 'import python_redlines' >/dev/null 2>&1; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "python-redlines[all]==2.0.0"
fi
# The wheels unpack their engine binaries on first use; ask python-redlines where.
engine() {
  "$venv/bin/python" -W ignore -c "import sys; from python_redlines import $1; print($1(sys.argv[1]).extracted_binaries_path)" "$PWD/$venv/engines/$2"
}
wml=$(engine XmlPowerToolsEngine ooxml)
dxo=$(engine DocxodusEngine docxodus)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

source benches/support/common.sh
ONCE=1

machine
echo
for n in "${sizes[@]}"; do
  dir="$work/c$n"
  "$gen" "$n" "$dir" > "$dir.info"
  echo "== $n provisions: $(cat "$dir.info")"
  (cd "$dir" && measure "sec-redline build (DOCX+HTML+consolidated)" "$bin" build change.yaml --out out)
  amended_md "$dir"
  (cd "$dir" && pandoc base.md -o base.docx && pandoc amended.md -o amended.docx)
  (cd "$dir" && measure "WmlComparer (Open-XML-PowerTools 4.4.0)" "$wml" bench base.docx amended.docx wml.docx)
  (cd "$dir" && measure "Docxodus (DocxDiff 14.1.0)" "$dxo" base.docx amended.docx dxo.docx --author=bench)
  echo
done
