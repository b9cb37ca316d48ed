/* qsort of integers (LCG data) and strings; binary search; checksum of the order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
  enum { N = 50000 };
  static int v[N];
  unsigned seed = 12345;
  for (int i = 0; i < N; i++) { seed = seed * 1103515245u + 12345u; v[i] = (int)(seed >> 1) - (1 << 30); }
  qsort(v, N, sizeof v[0], cmp_int);
  int ok = 1; unsigned sum = 0;
  for (int i = 1; i < N; i++) if (v[i - 1] > v[i]) ok = 0;
  for (int i = 0; i < N; i++) sum = sum * 31u + (unsigned)v[i];
  printf("sorted=%d min=%d max=%d median=%d checksum=%08x\n", ok, v[0], v[N - 1], v[N / 2], sum);
  int key = v[12345];
  int *hit = bsearch(&key, v, N, sizeof v[0], cmp_int);
  printf("bsearch found=%d\n", hit && *hit == key);
  const char *names[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "grape", "kiwi", "lemon"};
  qsort(names, 10, sizeof names[0], cmp_str);
  for (int i = 0; i < 10; i++) printf("%s%s", names[i], i < 9 ? "," : "\n");
  return 0;
}
