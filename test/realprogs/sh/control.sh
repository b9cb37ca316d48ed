# Shell language: loops, functions, arithmetic, command substitution, case, traps, exit codes.
fact() { if [ "$1" -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }
echo "10! = $(fact 10)"
fib() { local a=0 b=1 n=$1 t; while [ "$n" -gt 0 ]; do t=$((a + b)); a=$b; b=$t; n=$((n - 1)); done; echo $a; }
for n in 1 2 10 20 30; do printf 'fib(%d)=%s ' "$n" "$(fib $n)"; done; echo
echo "arith: $(( (7 + 3) * 4 / 3 )) $(( 17 % 5 )) $(( 1 << 10 )) $(( 0xff & 0x0f )) $(( 5 > 3 )) $(( -7 / 2 )) $(( 2 ** 10 ))"
x=5; x=$((x * x + 1)); echo "x=$x"
count=0; until [ $count -ge 3 ]; do count=$((count + 1)); done; echo "until: $count"
for i in 1 2 3 4 5 6; do
  case $i in
    1|2) echo "$i small" ;;
    [34]) echo "$i medium" ;;
    *) [ $((i % 2)) -eq 0 ] && echo "$i big even" || echo "$i big odd" ;;
  esac
done
s="path/to/some/file.tar.gz"
echo "${#s} ${s##*/} ${s%%.*} ${s#*/} ${s%.gz} ${unset_var:-default} ${s:+set}"
words=$(echo one two three); set -- $words; echo "$# args, second=$2"; shift; echo "after shift: $*"
echo "nested: $(echo "outer $(echo inner `echo back`)")"
(exit 3); echo "subshell exit: $?"
sh_status() { return $1; }; sh_status 7; echo "function return: $?"
false || echo "or-branch ran"
true && echo "and-branch ran"
if ! grep -q never /dev/null; then echo "negated grep"; fi
( trap 'echo trap on exit' EXIT; echo in subshell )
v=global; f() { local v=local; echo "in f: $v"; }; f; echo "after f: $v"
test 3 -lt 10 && [ "abc" != "abd" ] && [ -n "x" ] && [ -z "" ] && echo "tests ok"
r=$(printf '%05.1f|%-4s|%x' 3.14159 ab 255); echo "printf: $r"
i=0; while :; do i=$((i + 1)); [ $i -eq 4 ] && continue; [ $i -gt 6 ] && break; printf '%d ' $i; done; echo
echo "expr: $(expr 6 \* 7) $(expr length hello)"
echo "last pipeline status: $(false; echo $?)"
exit 5
