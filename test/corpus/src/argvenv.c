/* argv and environment: prints every argument and the PPCJIT_CORPUS variable. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
  const char *v = getenv("PPCJIT_CORPUS");
  printf("PPCJIT_CORPUS=%s\n", v ? v : "(unset)");
  printf("HOME set: %s\n", getenv("NO_SUCH_VARIABLE_X") ? "yes" : "no");
  return argc;
}
