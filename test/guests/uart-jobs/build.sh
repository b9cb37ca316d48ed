#!/bin/sh
# Builds uart-jobs.elf, the console-command guest of the boot-farm tests (test/cli/jobs.test.ts)
# (Debian: gcc-powerpc-linux-gnu). start.S and link.ld are demo/ofclient's.
set -e
cd "$(dirname "$0")"
powerpc-linux-gnu-gcc -O2 -ffreestanding -fno-stack-protector -msoft-float -mno-altivec -mno-sdata \
  -nostdlib -static -fno-pic -mcpu=7400 -Wall -T ../../../demo/ofclient/link.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
  -o uart-jobs.elf ../../../demo/ofclient/start.S uart-jobs.c
powerpc-linux-gnu-strip uart-jobs.elf
