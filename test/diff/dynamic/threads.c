/*
 * pthreads: a parallel sum under a mutex, __thread variables, a producer/consumer on a condition
 * variable, pthread_cancel, and a thousand short-lived threads created and joined in turn.
 * Nothing printed depends on thread ids or timing.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/syscall.h>
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long total;
static __thread int tls_value = 5;
static int queue[16], head, tail, done;
static void *sum(void *arg) {
  long id = (long)arg;
  tls_value += (int)id;
  for (int i = 0; i < 10000; i++) { pthread_mutex_lock(&lock); total += id; pthread_mutex_unlock(&lock); }
  return (void *)(long)tls_value;
}
static void *producer(void *arg) {
  for (int i = 1; i <= 100; i++) {
    pthread_mutex_lock(&lock);
    while (tail - head == 16) pthread_cond_wait(&cond, &lock);
    queue[tail++ % 16] = i;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
  }
  pthread_mutex_lock(&lock); done = 1; pthread_cond_broadcast(&cond); pthread_mutex_unlock(&lock);
  return NULL;
}
static void *sleeper(void *arg) { for (;;) { pthread_testcancel(); sched_yield(); } return NULL; }
static void *tiny(void *arg) { return arg; }
int main(void) {
  pthread_t t[4];
  for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, sum, (void *)(i + 1));
  long tlsum = 0;
  for (int i = 0; i < 4; i++) { void *r; pthread_join(t[i], &r); tlsum += (long)r; }
  printf("sum %ld tls %ld main tls %d\n", total, tlsum, tls_value);
  pthread_t p; pthread_create(&p, NULL, producer, NULL);
  long got = 0; int n = 0;
  pthread_mutex_lock(&lock);
  for (;;) {
    while (head == tail && !done) pthread_cond_wait(&cond, &lock);
    if (head == tail && done) break;
    got += queue[head++ % 16]; n++;
    pthread_cond_broadcast(&cond);
  }
  pthread_mutex_unlock(&lock);
  pthread_join(p, NULL);
  printf("consumed %d items, sum %ld\n", n, got);
  pthread_t c; pthread_create(&c, NULL, sleeper, NULL);
  pthread_cancel(c); void *cr; pthread_join(c, &cr);
  printf("cancelled %s\n", cr == PTHREAD_CANCELED ? "yes" : "no");
  long acc = 0;
  for (long i = 0; i < 1000; i++) { pthread_t x; void *r; pthread_create(&x, NULL, tiny, (void *)i); pthread_join(x, &r); acc += (long)r; }
  printf("1000 threads, sum %ld\n", acc);
  return 0;
}
