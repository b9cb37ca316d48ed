# Word frequencies of a text: lower-cased words without punctuation, the 25 most frequent, the
# counts of each word length, and a few per-line statistics.
{
  lines++
  chars += length($0) + 1
  for (i = 1; i <= NF; i++) {
    w = tolower($i)
    gsub(/[^a-z]/, "", w)
    if (w == "") continue
    count[w]++
    words++
    len[length(w)]++
  }
  if (NF > maxnf) maxnf = NF
}
END {
  printf "%d lines, %d words, %d chars, at most %d words a line\n", lines, words, chars, maxnf
  n = 0
  for (w in count) { keys[++n] = sprintf("%09d %s", count[w], w) }
  printf "%d distinct words\n", n
  # Selection of the 25 largest by hand (portable awk, no asort).
  for (k = 1; k <= 25 && k <= n; k++) {
    best = k
    for (j = k + 1; j <= n; j++) if (keys[j] > keys[best]) best = j
    t = keys[k]; keys[k] = keys[best]; keys[best] = t
    split(keys[k], parts, " ")
    printf "%2d %-20s %d\n", k, parts[2], parts[1] + 0
  }
  for (l = 1; l <= 40; l++) if (l in len) printf "length %2d: %d\n", l, len[l]
}
