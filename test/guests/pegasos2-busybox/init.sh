#!/bin/sh
# /init of the pegasos2-busybox guest: busybox sh as PID 1. Everything it prints is
# deterministic (no times, counters or addresses), so the whole console log can be compared
# exactly. It forks pipelines, uses awk's floating point (the FPU, and AltiVec-enabled
# kernel context switches), then drains the console and powers off.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo "ppcjit-guest: init reached"
echo "uname: $(uname -s -r -m)"
echo "cmdline: $(cat /proc/cmdline)"

# With ppcjit.shell on the kernel command line, /init becomes an interactive shell on the serial
# console instead (the console and boot-farm tests drive it; snapshot it at its first prompt).
# The kernel leaves a parameter with a dot to modules: no warning, not in init's arguments, but
# in /proc/cmdline. cttyhack opens the console's real tty (ttyS0, from devtmpfs) as the shell's
# controlling terminal, so that Ctrl-C interrupts a command.
case " $(cat /proc/cmdline) " in
*" ppcjit.shell "*)
    mount -t devtmpfs devtmpfs /dev
    PS1='ppcjit# ' exec setsid cttyhack sh
    ;;
esac
grep -E '^(cpu|clock|revision|machine)' /proc/cpuinfo | sed 's/[[:space:]]*:[[:space:]]*/: /'

# Pipelines: several processes connected by pipes, each forked by the shell.
seq 1 1000 | awk '{ s += $1 } END { print "sum 1..1000 =", s }'
seq 1 300 | grep '7' | wc -l | sed 's/^/numbers with a 7 in 1..300: /'
echo "the quick brown fox jumps over the lazy dog the end" | tr ' ' '\n' | sort | uniq -c \
    | sort -k1,1nr -k2 | head -n 3 | awk '{ printf "word %s x%d\n", $2, $1 }'
i=0; total=0
while [ $i -lt 20 ]; do total=$((total + i * i)); i=$((i + 1)); done
echo "sum of squares 0..19 = $total"
printf 'b\na\nc\n' | sort -r | tr -d '\n' | md5sum | sed 's/ .*//;s/^/md5 of cba: /'

# awk floating point.
awk 'BEGIN {
    pi = atan2(0, -1); printf "pi = %.12f\n", pi
    printf "e = %.12f\n", exp(1)
    # No sin, cos or atan2 beyond pi: in glibc they use mffscrni, which QEMU 7.2 (the reference)
    # does not decode.
    for (k = 1; k <= 5; k++) printf "sqrt(%d) = %.10f  log = %.10f  exp = %.10f\n", k, sqrt(k), log(k), exp(k / 10)
    s = 0; for (k = 1; k <= 20000; k++) s += 1 / (k * k)
    printf "sum 1/k^2, k<=20000 = %.12f (pi^2/6 = %.12f)\n", s, pi * pi / 6
    x = 1; for (k = 0; k < 60; k++) x = x * 1.5 - 0.25
    printf "1.5x-0.25 iterated 60 times = %.6e\n", x
}'
seq 1 8 | awk '{ printf "%d! = %d, %d^0.5 = %.6f\n", $1, f = ($1 == 1 ? 1 : f * $1), $1, $1 ^ 0.5 }'

# Block layer: what libata found on the VIA IDE controller.
for d in /sys/bus/scsi/devices/*:*:*:*; do
    [ -e "$d/model" ] && echo "scsi ${d##*/}: type $(cat "$d/type") vendor '$(cat "$d/vendor")' model '$(cat "$d/model")'"
done
ls /sys/class/ata_port | tr '\n' ' ' | sed 's/ $//;s/^/ata ports: /'; echo

echo "ppcjit-guest: powering off"
# The serial port has no interrupt, so the 8250 driver drains it from a timer: stty sets the
# line with TCSADRAIN, which waits until every byte above has left the UART.
stty -F /dev/console sane
poweroff -f
