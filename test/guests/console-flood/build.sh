#!/bin/sh
# Builds flood.elf, the console flood client of test/cli/console-flood.test.ts (Debian: gcc-powerpc-linux-gnu);
# start.S and link.ld are demo/ofclient's.
set -e
cd "$(dirname "$0")"
powerpc-linux-gnu-gcc -O2 -ffreestanding -fno-stack-protector -msoft-float -mno-altivec -mno-sdata \
  -nostdlib -static -fno-pic -mcpu=7400 -Wall -T ../../../demo/ofclient/link.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments -Wl,-z,max-page-size=4096 \
  -o flood.elf ../../../demo/ofclient/start.S flood.c
powerpc-linux-gnu-strip flood.elf
