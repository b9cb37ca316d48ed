/* Unbounded recursion: the stack guard turns it into SIGSEGV (status 139). */
#include <stdio.h>
static int depth(volatile char *prev, int n) {
  volatile char frame[512];
  frame[0] = (char)n;
  frame[511] = prev ? prev[0] : 0;
  return depth(frame, n + 1) + frame[1];
}
int main(void) {
  printf("recursing\n");
  fflush(stdout);
  return depth(0, 0);
}
