# minigzip in pipelines: compress and decompress at several levels, compare with the original.
for f in ../corpus/bin/lz-O2 lua/strings.lua; do
  want=$(md5sum < "$f")
  for level in 1 6 9; do
    size=$(bin/minigzip -$level < "$f" | wc -c)
    got=$(bin/minigzip -$level < "$f" | bin/minigzip -d | md5sum)
    [ "$got" = "$want" ] && same=identical || same=DIFFERENT
    echo "$f -$level: $size bytes compressed, round trip $same"
  done
done
printf 'not gzip data\n' | bin/minigzip -d 2>/dev/null; echo "minigzip -d on garbage -> $?"
