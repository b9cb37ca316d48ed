#!/usr/bin/env bash
# Builds the process test programs (execve.c, seekstdin.c, deadlock.c) as static,
# stripped big-endian PowerPC ELFs <name>-O2, committed so the tests need no cross compiler.
set -euo pipefail
cd "$(dirname "$0")"
CC=${PPC_CC:-powerpc-linux-gnu-gcc}
for src in *.c; do
  name=$(basename "$src" .c)
  "$CC" -static -O2 -std=gnu11 -Wall -o "$name-O2" "$src"
  powerpc-linux-gnu-strip "$name-O2"
done
