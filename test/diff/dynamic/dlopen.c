/* dlopen/dlsym/dlclose of a library built by the test, then a missing one. */
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "./plugin.so";
  void *h = dlopen(path, RTLD_NOW);
  if (!h) {
    printf("dlopen failed\n");
    return 1;
  }
  int (*add)(int, int) = (int (*)(int, int))dlsym(h, "plugin_add");
  const char *(*name)(void) = (const char *(*)(void))dlsym(h, "plugin_name");
  int *counter = (int *)dlsym(h, "plugin_counter");
  int first = add(2, 3);
  int second = add(10, 20);
  printf("%s: %d %d counter %d\n", name(), first, second, *counter);
  printf("missing symbol: %s\n", dlsym(h, "nope") ? "found" : "absent");
  printf("dlclose %d\n", dlclose(h));
  void *again = dlopen(path, RTLD_LAZY);
  add = (int (*)(int, int))dlsym(again, "plugin_add");
  printf("reopened: %d\n", add(1, 1));
  printf("missing library: %s\n", dlopen("./no-such-plugin.so", RTLD_NOW) ? "opened" : "NULL");
  return 0;
}
