/* fork/vfork/wait: exit statuses and signal deaths as wait status words, distinct pids,
 * copied (not shared) memory after fork, ECHILD, waiting for a given child, SIGCHLD. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int counter = 100;
static volatile sig_atomic_t sigchld_seen;
static void on_chld(int sig) { (void)sig; sigchld_seen = 1; }

static void show(const char *what, int status) {
  if (WIFEXITED(status))
    printf("%s: exited %d\n", what, WEXITSTATUS(status));
  else if (WIFSIGNALED(status))
    printf("%s: killed by signal %d\n", what, WTERMSIG(status));
  else
    printf("%s: status 0x%x\n", what, status);
}

int main(void) {
  int status, fds[2];
  pid_t me = getpid();
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    counter += 1; /* the parent's copy must not change */
    char answer = (getppid() == me && getpid() != me) ? 'y' : 'n';
    _exit(answer == 'y' ? 42 : 1);
  }
  printf("fork returned a positive pid: %s\n", pid > 0 ? "yes" : "no");
  printf("waitpid returns that pid: %s\n", waitpid(pid, &status, 0) == pid ? "yes" : "no");
  show("child 1 (ppid check, exit 42 if ok)", status);
  printf("parent counter still %d\n", counter);

  pid = fork();
  if (pid == 0) {
    kill(getpid(), SIGUSR1);
    _exit(0);
  }
  wait(&status);
  show("child 2 (raises SIGUSR1)", status);

  pid = fork();
  if (pid == 0) {
    static volatile unsigned long where = 16;
    volatile int *bad = (volatile int *)where;
    *bad = 1;
    _exit(0);
  }
  wait(&status);
  show("child 3 (stores to address 16)", status);

  /* several children, reaped in the order we ask for */
  pid_t kids[4];
  for (int i = 0; i < 4; i++) {
    kids[i] = fork();
    if (kids[i] == 0) _exit(10 + i);
  }
  for (int i = 3; i >= 0; i--) {
    waitpid(kids[i], &status, 0);
    printf("kid %d -> %d\n", i, WEXITSTATUS(status));
  }
  errno = 0;
  printf("wait with no children: %d errno %s\n", (int)wait(&status), errno == ECHILD ? "ECHILD" : strerror(errno));

  /* vfork + _exit */
  pid = vfork();
  if (pid == 0) _exit(3);
  waitpid(pid, &status, 0);
  show("vfork child", status);

  /* SIGCHLD reaches a handler; the child's exit is seen through a pipe EOF first */
  signal(SIGCHLD, on_chld);
  if (pipe(fds) != 0) return 1;
  pid = fork();
  if (pid == 0) {
    close(fds[0]);
    _exit(7);
  }
  close(fds[1]);
  char c;
  printf("read at EOF: %zd\n", read(fds[0], &c, 1));
  waitpid(pid, &status, 0);
  show("child with SIGCHLD handler", status);
  printf("SIGCHLD handler ran: %s\n", sigchld_seen ? "yes" : "no");

  /* grandchildren: a child forks, waits for its own child and passes the status on */
  pid = fork();
  if (pid == 0) {
    pid_t g = fork();
    if (g == 0) _exit(5);
    int st;
    waitpid(g, &st, 0);
    _exit(WEXITSTATUS(st) * 2);
  }
  waitpid(pid, &status, 0);
  show("child of a grandchild 5", status);
  return 0;
}
