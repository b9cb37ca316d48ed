#!/usr/bin/env bash
# Rebuilds demo.elf with Debian's cross compiler (gcc-powerpc-linux-gnu, libc6-dev-powerpc-cross).
set -euo pipefail
cd "$(dirname "$0")"
powerpc-linux-gnu-gcc -O2 -static -o demo.elf demo.c
powerpc-linux-gnu-strip demo.elf
