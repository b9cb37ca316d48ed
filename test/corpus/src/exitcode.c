/* Exit status: atexit handlers run in reverse order, then exit(42). */
#include <stdio.h>
#include <stdlib.h>
static void first(void) { printf("atexit first-registered\n"); }
static void second(void) { printf("atexit second-registered\n"); }
int main(void) {
  atexit(first);
  atexit(second);
  printf("exiting with 42\n");
  exit(42);
}
