#!/usr/bin/env bash
# Records the expected stdout and exit status of every test/corpus/bin/* ELF from qemu-ppc into
# test/corpus/expected/<elf>.expected (stdout) and <elf>.status (exit status; 128+N for signal N).
# Each program runs with the arguments in src/<name>.args (one per line), stdin /dev/null, and the
# environment `PPCJIT_CORPUS=corpus TMPDIR=<fresh temp dir>` only — test/corpus.test.ts uses the same.
# qemu-ppc 7.2 SIGILLs on mffscrni (glibc's sin/cos; see qemu-oracle-gaps.md). When a program exits
# with status 132 the expectation is taken from a copy with mffscrni rewritten to mffs — what a G4
# executes (patch-mffscrni.mjs explains) — and <elf>.note says so.
set -uo pipefail
cd "$(dirname "$0")"
QEMU=${QEMU_PPC:-qemu-ppc}
mkdir -p expected
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run_one() { # elf name → stdout in $work/out, status echoed
  local elf=$1 name=$2 args=()
  [[ -f src/$name.args ]] && mapfile -t args < "src/$name.args"
  mkdir -p "$work/tmp"
  env -i PPCJIT_CORPUS=corpus TMPDIR="$work/tmp" timeout 60 "$QEMU" "$elf" "${args[@]}" < /dev/null > "$work/out" 2> "$work/err"
  echo $?
}

for elf in bin/*; do
  base=$(basename "$elf")
  name=${base%-O*}
  status=$(run_one "$elf" "$name")
  rm -f "expected/$base.note"
  if [[ $status == 132 ]]; then
    node patch-mffscrni.mjs "$elf" "$work/patched" 2> "$work/patch.log"
    status=$(run_one "$work/patched" "$name")
    echo "qemu-ppc SIGILLs on mffscrni; recorded from a copy with mffscrni → mffs ($(cat "$work/patch.log"))" > "expected/$base.note"
  fi
  cp "$work/out" "expected/$base.expected"
  echo "$status" > "expected/$base.status"
  printf '%-22s status %3s  %5d bytes%s\n' "$base" "$status" "$(wc -c < "$work/out")" "$([[ -f expected/$base.note ]] && echo '  (mffscrni patched)')"
done
