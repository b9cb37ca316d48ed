#!/usr/bin/env bash
# Builds bench/programs/*.c into static, freestanding big-endian PowerPC ELFs in bench/bin/
# (committed). -nostdlib: the guests need only write/exit, so every runner can load them.
set -euo pipefail
cd "$(dirname "$0")"
CC=${PPC_CC:-powerpc-linux-gnu-gcc}
mkdir -p bin
for src in programs/*.c; do
  name=$(basename "$src" .c)
  "$CC" -static -nostdlib -ffreestanding -fno-builtin -msdata=none -G 0 -O2 -std=gnu11 -Wall -o "bin/$name" "$src" -lgcc
done
ls -l bin
