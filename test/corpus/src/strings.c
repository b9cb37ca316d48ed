/* String functions: strlen/strcpy/strcat/strcmp/strstr/strtok/sprintf/memmove, reversal. */
#include <stdio.h>
#include <string.h>
#include <ctype.h>
#include <stdlib.h>

int main(void) {
  char buf[256];
  strcpy(buf, "The quick brown fox");
  strcat(buf, " jumps over the lazy dog");
  printf("%s (%zu)\n", buf, strlen(buf));
  char rev[256]; size_t n = strlen(buf);
  for (size_t i = 0; i < n; i++) rev[i] = buf[n - 1 - i];
  rev[n] = 0;
  printf("reversed: %s\n", rev);
  printf("strstr: %s\n", strstr(buf, "fox"));
  printf("cmp %d %d %d\n", strcmp("abc", "abd") < 0, strcmp("b", "a") > 0, strncmp("hello", "help", 3));
  char copy[256]; strcpy(copy, buf);
  int words = 0;
  for (char *t = strtok(copy, " "); t; t = strtok(NULL, " ")) { words++; printf("[%s]", t); }
  printf(" %d words\n", words);
  for (char *p = buf; *p; p++) *p = toupper((unsigned char)*p);
  printf("upper: %s\n", buf);
  memmove(buf + 4, buf, 10); buf[14] = 0;
  printf("memmove: %s\n", buf);
  char num[64]; snprintf(num, sizeof num, "%d|%5d|%-5d|%05d|%x|%o|%c|%10.3s|", -42, 42, 42, 42, 0xbeef, 8, 'Z', "abcdef");
  printf("%s\n", num);
  printf("atoi %d strtol %ld strtoul %lu\n", atoi("  -1234xyz"), strtol("0x7fff", NULL, 16), strtoul("777", NULL, 8));
  return 0;
}
