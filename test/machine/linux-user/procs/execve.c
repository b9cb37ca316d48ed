/* execve under `ppcjit run` (qemu-ppc cannot exec a guest ELF without binfmt_misc):
 *   execve PROG_A PROG_B
 * runs PROG_A in a child with its stdout through a pipe (expects a status), PROG_B as the
 * interpreter of a #! script, re-executes itself through /proc/self/exe to compare pids, and
 * checks the kernel's errors for paths that cannot be executed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void run_captured(char *const argv[]) {
  int p[2], status;
  fflush(stdout);
  if (pipe(p)) exit(1);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    execve(argv[0], argv, environ);
    printf("execve failed: %s\n", strerror(errno));
    exit(127);
  }
  close(p[1]);
  char buf[4096];
  ssize_t n, got = 0;
  while ((n = read(p[0], buf + got, sizeof buf - 1 - (size_t)got)) > 0) got += n;
  buf[got] = 0;
  close(p[0]);
  waitpid(pid, &status, 0);
  printf("--- %s printed:\n%s--- status %d\n", argv[0], buf, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

static void expect_error(const char *path) {
  char *argv[] = {(char *)path, NULL};
  errno = 0;
  int r = execve(path, argv, environ);
  printf("execve(%s) = %d %s\n", path, r, strerror(errno));
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "report-pid") == 0) {
    printf("%ld\n", (long)getpid());
    return 0;
  }
  if (argc < 3) return 2;
  char *a[] = {argv[1], "one", "two", NULL};
  run_captured(a);

  /* a #! script whose interpreter is PROG_B, with an optional argument */
  char script[512];
  snprintf(script, sizeof script, "%s/ppcjit-execve-script", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  FILE *f = fopen(script, "w");
  fprintf(f, "#!%s  opt-arg\nnot read by the interpreter\n", argv[2]);
  fclose(f);
  chmod(script, 0755);
  char *s[] = {script, "x", NULL};
  run_captured(s);

  /* the same pid after execve */
  int p[2], status;
  fflush(stdout);
  if (pipe(p)) return 1;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(p[1], 1);
    char *self[] = {"execve", "report-pid", NULL};
    execve("/proc/self/exe", self, environ);
    _exit(127);
  }
  close(p[1]);
  char buf[64] = {0};
  read(p[0], buf, sizeof buf - 1);
  waitpid(pid, &status, 0);
  printf("pid after execve is the fork's pid: %s\n", atol(buf) == (long)pid ? "yes" : "no");

  /* errors: no file, a directory, a non-executable file, a text file without #! */
  expect_error("/nonexistent/program");
  expect_error("/");
  f = fopen(script, "w");
  fprintf(f, "plain text\n");
  fclose(f);
  chmod(script, 0644);
  expect_error(script);
  chmod(script, 0755);
  expect_error(script);
  unlink(script);
  return 0;
}
