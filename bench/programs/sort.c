/* Sorting: quicksort (recursive, median of three) then a heap sort of the same data. */
#include "rt.h"
#define N 200000
static int32_t a[N], b[N];
static void quick(int32_t *v, int lo, int hi) {
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2; int32_t p = v[mid];
    if (v[lo] > p) p = v[lo] < v[hi] ? v[lo] : (v[hi] > p ? v[hi] : p);
    int i = lo, j = hi;
    while (i <= j) { while (v[i] < p) i++; while (v[j] > p) j--; if (i <= j) { int32_t t = v[i]; v[i] = v[j]; v[j] = t; i++; j--; } }
    if (j - lo < hi - i) { quick(v, lo, j); lo = i; } else { quick(v, i, hi); hi = j; }
  }
}
static void sift(int32_t *v, int n, int i) {
  for (;;) { int l = 2 * i + 1, m = i; if (l < n && v[l] > v[m]) m = l; if (l + 1 < n && v[l + 1] > v[m]) m = l + 1; if (m == i) return; int32_t t = v[i]; v[i] = v[m]; v[m] = t; i = m; }
}
int bench_main(void) {
  uint32_t s = 42, sum = 0;
  for (int round = 0; round < 8; round++) {
    for (int i = 0; i < N; i++) { s = s * 1664525u + 1013904223u; a[i] = b[i] = (int32_t)s; }
    quick(a, 0, N - 1);
    for (int i = N / 2 - 1; i >= 0; i--) sift(b, N, i);
    for (int n = N - 1; n > 0; n--) { int32_t t = b[0]; b[0] = b[n]; b[n] = t; sift(b, n, 0); }
    for (int i = 0; i < N; i++) { if (a[i] != b[i]) { put("mismatch\n"); return 1; } sum = sum * 31u + (uint32_t)a[i]; }
  }
  put("sort "); put_hex(sum); put("\n");
  return 0;
}
