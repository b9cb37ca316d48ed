/* setjmp/longjmp: non-local exits from nested calls, values preserved via volatile. */
#include <stdio.h>
#include <setjmp.h>

static jmp_buf env;
static int depth_reached;

static void dive(int n) {
  depth_reached = n;
  if (n == 25) longjmp(env, n * 2);
  dive(n + 1);
}

int main(void) {
  volatile int rounds = 0;
  int r = setjmp(env);
  printf("setjmp returned %d (round %d)\n", r, rounds);
  if (rounds < 3) { rounds++; dive(rounds * 5); }
  printf("deepest %d\n", depth_reached);
  jmp_buf inner;
  volatile double acc = 1.5;
  if (setjmp(inner) == 0) { acc *= 4; longjmp(inner, 0); }
  printf("longjmp(…, 0) gives 1; acc %.2f\n", acc);
  return 0;
}
