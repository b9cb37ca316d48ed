/* A NULL pointer store: the process dies of SIGSEGV (status 139); flushed output survives. */
#include <stdio.h>
int main(void) {
  printf("before crash\n");
  fflush(stdout);
  volatile int *p = 0;
  *p = 1;
  printf("not reached\n");
  return 0;
}
