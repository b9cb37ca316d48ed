/* File I/O in a temporary directory (argv[1], else $TMPDIR, else /tmp): create, write, seek,
   read back, append, stat, rename, unlink. Output does not depend on the directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : getenv("TMPDIR");
  if (!dir) dir = "/tmp";
  char path[512], path2[512];
  snprintf(path, sizeof path, "%s/ppcjit-fileio-%d.txt", dir, (int)getpid());
  snprintf(path2, sizeof path2, "%s.renamed", path);
  FILE *f = fopen(path, "w");
  if (!f) { perror("fopen"); return 2; }
  for (int i = 0; i < 100; i++) fprintf(f, "line %d: %d\n", i, i * i);
  fclose(f);
  struct stat st;
  if (stat(path, &st) != 0) { perror("stat"); return 3; }
  printf("size %ld\n", (long)st.st_size);
  int fd = open(path, O_RDWR);
  lseek(fd, 50 * 1, SEEK_SET);
  char buf[64] = {0};
  ssize_t r = read(fd, buf, 20);
  printf("read %zd: '%.*s'\n", r, (int)r, buf);
  lseek(fd, 0, SEEK_END);
  write(fd, "tail\n", 5);
  close(fd);
  f = fopen(path, "a+");
  fputs("appended\n", f);
  fseek(f, 0, SEEK_SET);
  char line[128]; int lines = 0; long total = 0;
  while (fgets(line, sizeof line, f)) { lines++; total += (long)strlen(line); }
  fclose(f);
  printf("lines %d bytes %ld last '%s'", lines, total, line);
  if (rename(path, path2) != 0) { perror("rename"); return 4; }
  printf("exists after rename: %d %d\n", access(path, F_OK) == 0, access(path2, F_OK) == 0);
  unlink(path2);
  printf("exists after unlink: %d\n", access(path2, F_OK) == 0);
  return 0;
}
