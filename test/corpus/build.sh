#!/usr/bin/env bash
# Builds every test/corpus/src/*.c as a static, stripped big-endian PowerPC ELF at -O0 and -O2
# into test/corpus/bin/<name>-O<n>. The ELFs are committed so `npm test` needs no cross compiler.
set -euo pipefail
cd "$(dirname "$0")"
CC=${PPC_CC:-powerpc-linux-gnu-gcc}
mkdir -p bin
for src in src/*.c; do
  name=$(basename "$src" .c)
  for opt in O0 O2; do
    "$CC" -static -"$opt" -std=gnu11 -Wall -o "bin/$name-$opt" "$src" -lm
    powerpc-linux-gnu-strip "bin/$name-$opt"
  done
done
ls -l bin
