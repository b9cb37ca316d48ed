/* malloc/realloc/free churn: a linked list, a growing array, a hash table; checksums only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node { struct node *next; int value; char pad[20]; };

int main(void) {
  struct node *head = NULL;
  for (int i = 0; i < 20000; i++) { struct node *n = malloc(sizeof *n); n->value = i * 7; n->next = head; head = n; }
  long sum = 0; int freed = 0;
  struct node **pp = &head;
  while (*pp) { if ((*pp)->value % 3 == 0) { struct node *d = *pp; *pp = d->next; free(d); freed++; } else pp = &(*pp)->next; }
  for (struct node *n = head; n; n = n->next) sum += n->value;
  printf("list sum %ld freed %d\n", sum, freed);
  int *arr = NULL; size_t cap = 0;
  for (size_t i = 0; i < 100000; i++) { if (i == cap) { cap = cap ? cap * 2 : 4; arr = realloc(arr, cap * sizeof *arr); } arr[i] = (int)(i ^ (i >> 3)); }
  unsigned h = 0; for (size_t i = 0; i < 100000; i++) h = h * 33u + (unsigned)arr[i];
  printf("array cap %zu hash %08x\n", cap, h);
  free(arr);
  char **strs = calloc(1000, sizeof *strs);
  for (int round = 0; round < 5; round++)
    for (int i = 0; i < 1000; i++) { free(strs[i]); size_t len = (size_t)((i * 37 + round * 11) % 200) + 1; strs[i] = malloc(len); memset(strs[i], 'a' + (i + round) % 26, len - 1); strs[i][len - 1] = 0; }
  size_t total = 0; for (int i = 0; i < 1000; i++) { total += strlen(strs[i]); free(strs[i]); }
  free(strs);
  printf("strings total %zu\n", total);
  while (head) { struct node *n = head->next; free(head); head = n; }
  void *big = malloc(8 << 20); memset(big, 1, 8 << 20); printf("big block ok %d\n", ((char *)big)[(8 << 20) - 1]); free(big);
  return 0;
}
