# Pipelines of applets, here-documents, redirections and exit statuses of pipelines.
echo a b c | tr ' ' '\n' | sort
echo a b c | tr ' ' '\n' | sort -r | tr '\n' ','
echo
seq 1 30 | grep 1 | wc -l
printf '%s\n' banana apple cherry apple banana apple | sort | uniq -c
printf 'one\ntwo\nthree\nfour\n' | head -n 2
printf 'one\ntwo\nthree\nfour\n' | tail -n 1
yes ppc | head -n 3
cat <<END | sed -e 's/o/0/g' -e 's/^/> /'
hello world
from a here-document
END
tmp=${TMPDIR:-/tmp}/sh-pipelines.$$
printf 'x=1\ny=22\nz=333\n' > "$tmp"
wc -l < "$tmp"
cut -d= -f2 "$tmp" | sort -n | tr '\n' ' '
echo
grep -c '^[xy]' "$tmp"
echo appended >> "$tmp"
tail -n 1 "$tmp"
false | true; echo "status of false|true: $?"
true | false; echo "status of true|false: $?"
echo abc | rev
echo /usr/lib/libc.a | sed 's,.*/,,'
i=0
printf '3\n1\n2\n' | sort | while read n; do i=$((i + n)); echo "line $n sum $i"; done
echo "after the loop (a subshell): i=$i"
