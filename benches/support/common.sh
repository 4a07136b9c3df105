# Shared by benches/compare.sh and benches/wordcompare.sh (sourced, not run).
# Expects $work: a scratch folder.

# measure LABEL COMMAND...: prints "LABEL  seconds  peak-MB  cpu", the best wall time, the
# highest peak and the CPU time (user + system) of the best run, of 3 runs (1 with ONCE=1), each stopped after CAP seconds if CAP is set; also writes
# the best time to $work/last.txt. A command's own exit status is ignored (git diff exits 1).
measure() {
  local label=$1; shift
  local best="" mem="" note="" cpu=""
  for _ in 1 2 3; do
    local status=0
    /usr/bin/time -v -o "$work/time.txt" timeout "${CAP:-0}" "$@" >/dev/null 2>&1 || status=$?
    [ "$status" = 124 ] && note="(stopped after ${CAP} s)"
    local t m
    t=$(awk -F': ' '/Elapsed/ {split($2,a,":"); print (length(a)==3 ? a[1]*3600+a[2]*60+a[3] : a[1]*60+a[2])}' "$work/time.txt")
    m=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$work/time.txt")
    local c
    c=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$work/time.txt")
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$t; cpu=$c; fi
    if [ -z "$mem" ] || [ "$m" -gt "$mem" ]; then mem=$m; fi
    [ "${ONCE:-}" = 1 ] && break
  done
  printf '%-44s %8.2f s %7s MB  cpu %6.2f s %s\n' "$label" "$best" "$mem" "$cpu" "$note"
  echo "$best" > "$work/last.txt"
}

# amended_md DIR: writes DIR/amended.md, every document of DIR/sec-text as the build in
# DIR/out (any modification) consolidated it (or as it was, if the change-set left it alone).
amended_md() {
  local dir=$1 f name
  : > "$dir/amended.md"
  for f in "$dir"/sec-text/*.md; do
    name=$(basename "$f")
    local built=("$dir"/out/*/consolidated/"$name")
    if [ -f "${built[0]}" ]; then cat "${built[0]}"; else cat "$f"; fi >> "$dir/amended.md"
  done
}

machine() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
}
