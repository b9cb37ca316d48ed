/*
 * The auxv a dynamic program gets, read from /proc/self/auxv and checked against getauxval():
 * each entry's type in order, with its value where it is no address (addresses are run-dependent:
 * qemu-ppc and ppcjit lay memory out differently).
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/auxv.h>
#include <unistd.h>

int main(void) {
  unsigned long v[256];
  int fd = open("/proc/self/auxv", O_RDONLY);
  if (fd < 0) return 1;
  ssize_t n = read(fd, v, sizeof v);
  close(fd);
  for (ssize_t i = 0; i + 1 < n / (ssize_t)sizeof v[0]; i += 2) {
    unsigned long type = v[i], value = v[i + 1];
    int address = type == AT_PHDR || type == AT_BASE || type == AT_ENTRY || type == AT_RANDOM || type == AT_EXECFN;
    int agrees = type == AT_NULL || type == 22 /* AT_IGNOREPPC */ || getauxval(type) == value;
    if (address) printf("%lu address%s\n", type, agrees ? "" : " (getauxval differs)");
    else printf("%lu %#lx%s\n", type, value, agrees ? "" : " (getauxval differs)");
    if (type == AT_NULL) break;
  }
  printf("execfn %s\n", (const char *)getauxval(AT_EXECFN));
  return 0;
}
