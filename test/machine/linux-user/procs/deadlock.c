/* What ppcjit does where Linux would hang: a pipe read nobody can satisfy gets EAGAIN, then a
 * child pausing forever while its parent waits is killed (SIGKILL), youngest first. */
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
int main(void) {
  int p[2], st;
  pipe(p);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) { char c; ssize_t n = read(p[0], &c, 1); printf("child read %zd %s\n", n, n < 0 ? strerror(errno) : ""); return 3; }
  waitpid(pid, &st, 0);
  printf("parent: child status %d\n", WEXITSTATUS(st));
  /* everyone waits forever: a child pausing, the parent waiting for it */
  pid = fork();
  if (pid == 0) { pause(); return 0; }
  waitpid(pid, &st, 0);
  printf("parent: pausing child %s %d\n", WIFSIGNALED(st) ? "killed by" : "exited", WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
  return 0;
}
