/* A dynamically linked hello: argv, a little stdio and the exit status. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  printf("hello from a dynamic program, argc %d\n", argc);
  for (int i = 1; i < argc; i++) printf("argv[%d] = %s (%zu bytes)\n", i, argv[i], strlen(argv[i]));
  fflush(stdout);
  fputs("stderr is not compared\n", stderr);
  return 3;
}
