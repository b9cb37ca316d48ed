/* Pipes between processes: a producer writing more than the pipe holds, a request/response
 * pair of pipes, dup2 onto stdout, EOF when all writers close, SIGPIPE/EPIPE. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, int status) {
  if (WIFEXITED(status))
    printf("%s: exited %d\n", what, WEXITSTATUS(status));
  else if (WIFSIGNALED(status))
    printf("%s: killed by signal %d\n", what, WTERMSIG(status));
}

int main(void) {
  int p[2], q[2], status;
  fflush(stdout);

  /* 1. 300 KB through a 64 KB pipe */
  if (pipe(p)) return 1;
  pid_t pid = fork();
  if (pid == 0) {
    close(p[0]);
    unsigned char buf[1000];
    for (int i = 0; i < 300; i++) {
      for (int j = 0; j < 1000; j++) buf[j] = (unsigned char)(i * 31 + j);
      if (write(p[1], buf, sizeof buf) != sizeof buf) _exit(9);
    }
    _exit(0);
  }
  close(p[1]);
  unsigned long total = 0, sum = 0;
  unsigned char in[4096];
  ssize_t n;
  while ((n = read(p[0], in, sizeof in)) > 0) {
    for (ssize_t k = 0; k < n; k++) sum = sum * 33 + in[k];
    total += (unsigned long)n;
  }
  close(p[0]);
  waitpid(pid, &status, 0);
  printf("bulk: %lu bytes, hash %08lx\n", total, sum & 0xffffffffUL);
  show("producer", status);

  /* 2. request/response: the child squares numbers */
  fflush(stdout);
  if (pipe(p) || pipe(q)) return 1;
  pid = fork();
  if (pid == 0) {
    close(p[1]);
    close(q[0]);
    int v;
    while (read(p[0], &v, sizeof v) == sizeof v) {
      v *= v;
      write(q[1], &v, sizeof v);
    }
    _exit(0);
  }
  close(p[0]);
  close(q[1]);
  for (int v = 1; v <= 5; v++) {
    int r;
    write(p[1], &v, sizeof v);
    read(q[0], &r, sizeof r);
    printf("%d^2=%d ", v, r);
  }
  printf("\n");
  close(p[1]);
  waitpid(pid, &status, 0);
  show("squarer", status);
  close(q[0]);

  /* 3. the child's stdout is a pipe (dup2), stdio buffering flushed at exit */
  fflush(stdout);
  if (pipe(p)) return 1;
  pid = fork();
  if (pid == 0) {
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    for (int i = 0; i < 3; i++) printf("line %d from child\n", i);
    exit(0);
  }
  close(p[1]);
  char text[256];
  size_t got = 0;
  while ((n = read(p[0], text + got, sizeof text - 1 - got)) > 0) got += (size_t)n;
  text[got] = 0;
  close(p[0]);
  waitpid(pid, &status, 0);
  printf("captured %zu bytes:\n%s", got, text);

  /* 4. writing to a pipe nobody reads: SIGPIPE kills, or EPIPE when ignored */
  fflush(stdout);
  if (pipe(p)) return 1;
  close(p[0]);
  pid = fork();
  if (pid == 0) {
    write(p[1], "x", 1);
    _exit(0);
  }
  waitpid(pid, &status, 0);
  show("writer to a closed pipe", status);
  signal(SIGPIPE, SIG_IGN);
  errno = 0;
  printf("ignored SIGPIPE: write=%zd errno=%s\n", write(p[1], "x", 1), errno == EPIPE ? "EPIPE" : strerror(errno));
  close(p[1]);

  /* 5. poll with no timeout waits until the child writes (the child first waits for the parent's
   * go, which the parent sends just before polling), then reports the hang-up */
  if (pipe(p) || pipe(q)) return 1;
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    close(p[0]);
    close(q[1]);
    char go;
    read(q[0], &go, 1);
    write(p[1], "ready", 5);
    _exit(0);
  }
  close(p[1]);
  close(q[0]);
  write(q[1], "g", 1);
  struct pollfd pfd = {.fd = p[0], .events = POLLIN};
  int r = poll(&pfd, 1, -1);
  char word[8] = {0};
  read(p[0], word, 5);
  printf("poll: %d ready, POLLIN %s, read \"%s\"\n", r, (pfd.revents & POLLIN) ? "set" : "clear", word);
  waitpid(pid, &status, 0);
  r = poll(&pfd, 1, -1);
  printf("poll after the writer exited: %d, POLLHUP %s\n", r, (pfd.revents & POLLHUP) ? "set" : "clear");
  close(p[0]);
  close(q[1]);
  return 0;
}
