/*
 * fork + execve of dynamic programs: argv[1] directly, then argv[2] (a "#!" script whose
 * interpreter is the dynamic hello); prints each child's exit status.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void run(char *path, char *arg) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    char *argv[] = {path, arg, NULL};
    char *envp[] = {NULL};
    execve(path, argv, envp);
    perror("execve");
    _exit(127);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("child exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  run(argv[1], "direct");
  run(argv[2], "via-script");
  return 0;
}
