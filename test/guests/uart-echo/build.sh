#!/bin/sh
# Builds echo.elf, the UART echo client of test/cli/console.test.ts (Debian: gcc-powerpc-linux-gnu).
set -e
cd "$(dirname "$0")"
powerpc-linux-gnu-gcc -O2 -ffreestanding -fno-stack-protector -msoft-float -mno-altivec -mno-sdata \
  -nostdlib -static -fno-pic -mcpu=7400 -Wall -T link.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments -Wl,-z,max-page-size=4096 \
  -o echo.elf start.S echo.c
powerpc-linux-gnu-strip echo.elf
