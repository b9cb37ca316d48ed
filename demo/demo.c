/* The guest `npm start` runs: a static 32-bit PowerPC Linux program that exercises
 * integer, floating-point, memory and libc paths and prints what it computed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

static void mandelbrot(void) {
  const char *shades = " .:-=+*#%@";
  for (int row = 0; row < 18; row++) {
    char line[64];
    for (int col = 0; col < 60; col++) {
      double cr = -2.2 + col * 0.05, ci = -1.2 + row * 0.135;
      double zr = 0, zi = 0;
      int n = 0;
      while (n < 50 && zr * zr + zi * zi < 4.0) {
        double t = zr * zr - zi * zi + cr;
        zi = 2 * zr * zi + ci;
        zr = t;
        n++;
      }
      line[col] = shades[n == 50 ? 9 : n % 9];
    }
    line[60] = 0;
    printf("  %s\n", line);
  }
}

int main(int argc, char **argv) {
  printf("ppcjit demo: a PowerPC Linux program translated to JavaScript\n");
  printf("argv[0] = %s, %d argument(s)\n\n", argv[0], argc - 1);
  mandelbrot();

  int primes = 0;
  for (int n = 2; n < 200000; n++) {
    int prime = 1;
    for (int d = 2; d * d <= n; d++)
      if (n % d == 0) { prime = 0; break; }
    primes += prime;
  }
  printf("\nprimes below 200000: %d\n", primes);

  enum { N = 100000 };
  int *v = malloc(N * sizeof *v);
  unsigned seed = 12345;
  for (int i = 0; i < N; i++) v[i] = (int)((seed = seed * 1103515245u + 12345u) >> 8);
  qsort(v, N, sizeof *v, cmp_int);
  unsigned long long sum = 0;
  for (int i = 0; i < N; i++) sum = sum * 31 + (unsigned)v[i];
  printf("sorted %d numbers, checksum %016llx\n", N, sum);
  free(v);

  char buf[128];
  snprintf(buf, sizeof buf, "%.10f", 355.0 / 113.0);
  printf("355/113 = %s (%zu chars)\n", buf, strlen(buf));
  return 0;
}
