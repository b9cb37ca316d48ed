# Running other static programs from the shell (needs execve of a guest ELF: not under a plain
# qemu-ppc, which has no binfmt_misc for it here).
../corpus/bin/exitcode-O2; echo "exitcode-O2 -> $?"
../corpus/bin/argvenv-O2 "two words" x | sed 's/^/  /'; echo "argvenv-O2 -> $?"
out=$(../corpus/bin/abort-O2 2>/dev/null); echo "abort-O2 -> $? ($out)"
../corpus/bin/sort-O2 | head -n 3
echo "a script run by sh: $(sh -c 'echo $((6 * 7)); exit 9'; echo $?)"
