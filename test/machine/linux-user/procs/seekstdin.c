/* stdin redirected from a regular file is seekable: lseek(0, 3), then the rest of the file. */
#include <stdio.h>
#include <unistd.h>

int main(void) {
  char buf[256];
  off_t at = lseek(0, 3, SEEK_SET);
  ssize_t n = read(0, buf, sizeof buf - 1);
  buf[n > 0 ? n : 0] = 0;
  printf("lseek=%ld rest=%s", (long)at, buf);
  return 0;
}
