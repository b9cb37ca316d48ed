/* String processing: build text, count words, reverse words in place, search substrings. */
#include "rt.h"
#define SIZE (256 * 1024)
static char text[SIZE + 1];
static const char *const words[] = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"};
static int find(const char *h, int n, const char *needle) {
  int count = 0, m = 0; while (needle[m]) m++;
  for (int i = 0; i + m <= n; i++) { int k = 0; while (k < m && h[i + k] == needle[k]) k++; if (k == m) count++; }
  return count;
}
int bench_main(void) {
  uint32_t s = 3, total = 0;
  for (int round = 0; round < 128; round++) {
    int n = 0;
    while (n < SIZE - 16) { s = s * 69069u + 1; const char *w = words[(s >> 20) & 7]; while (*w) text[n++] = *w++; text[n++] = (s >> 8) & 1 ? ' ' : ','; }
    text[n] = 0;
    int wordsSeen = 0; for (int i = 0; i < n; i++) if ((text[i] == ' ' || text[i] == ',') && i && text[i - 1] != ' ') wordsSeen++;
    for (int i = 0; i < n;) { int j = i; while (j < n && text[j] != ' ') j++; for (int a = i, b = j - 1; a < b; a++, b--) { char t = text[a]; text[a] = text[b]; text[b] = t; } i = j + 1; }
    total += (uint32_t)wordsSeen * 7u + (uint32_t)find(text, n, "ateht") + (uint32_t)find(text, n, "ammag,") * 3u;
    for (int i = 0; i < n; i++) total = total * 33u + (unsigned char)text[i];
  }
  put("strings "); put_hex(total); put("\n");
  return 0;
}
