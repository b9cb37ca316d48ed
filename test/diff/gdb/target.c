/* The guest of test/diff/gdb-user.test.ts: a loop, a global to watch, doubles in FPRs, a crash. */
#include <stdio.h>

volatile int counter;
double scale = 1.5;

__attribute__((noinline)) int step(int i) {
  counter += i;
  return counter * 2;
}

__attribute__((noinline)) double report(double x, double y) { return x * y + scale; }

int main(int argc, char **argv) {
  if (argc > 1) *(volatile int *)(long)argc = 0; /* `target crash`: SIGSEGV */
  int s = 0;
  for (int i = 0; i < 5; i++) s += step(i);
  double r = report(s, 0.25);
  printf("%d %g\n", s, r);
  return 0;
}
