#!/bin/sh
# Builds ofclient.elf, the demo client `npm start` boots (Debian: gcc-powerpc-linux-gnu).
set -e
cd "$(dirname "$0")"
powerpc-linux-gnu-gcc -O2 -ffreestanding -fno-stack-protector -msoft-float -mno-altivec -mno-sdata \
  -nostdlib -static -fno-pic -mcpu=7400 -Wall -T link.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
  -o ofclient.elf start.S ofclient.c
powerpc-linux-gnu-strip ofclient.elf
