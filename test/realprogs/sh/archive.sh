# Archivers and text tools in pipelines: tar+gzip round trip, bzip2, awk, xargs, find.
t=${TMPDIR:-/tmp}
tar czf "$t/src.tgz" -C ../corpus src
tar tzf "$t/src.tgz" | sort | head -n 4
mkdir "$t/out"
tar xzf "$t/src.tgz" -C "$t/out"
(cd ../corpus/src && md5sum *.c) > "$t/want"
(cd "$t/out/src" && md5sum *.c) > "$t/got"
cmp "$t/want" "$t/got" && echo "tar.gz round trip: $(wc -l < "$t/got") files identical"
x=$(yes abc | head -c 100000 | bzip2 -9 | bunzip2 | md5sum)
y=$(yes abc | head -c 100000 | md5sum)
[ "$x" = "$y" ] && echo "bzip2 round trip of 100000 bytes: identical"
seq 1 1000 | xargs -n 100 echo | awk '{ s += $NF } END { print NR " lines, last fields sum " s }'
find ../corpus/src -name '*.c' | sort | awk -F/ '{ print $NF }' | tr '\n' ' '
echo
awk 'BEGIN { for (i = 1; i <= 10; i++) s += 1 / i; printf "H(10) = %.10f\n", s }'
printf '%s\n' 3 1 2 | sort -n | paste -s -d+ | bc 2>/dev/null || echo "no bc"
