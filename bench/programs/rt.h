/* A freestanding runtime for the benchmark guests: no libc, so every ELF runs the same on
   qemu-ppc, `ppcjit run` and bench/guest.ts's minimal loader (write + exit syscalls only). */
#include <stddef.h>
#include <stdint.h>

static long sys3(long nr, long a, long b, long c) {
  register long r0 __asm__("r0") = nr;
  register long r3 __asm__("r3") = a;
  register long r4 __asm__("r4") = b;
  register long r5 __asm__("r5") = c;
  __asm__ volatile("sc" : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5) : : "memory", "cr0", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "ctr");
  return r3;
}
static void put(const char *s) { size_t n = 0; while (s[n]) n++; sys3(4, 1, (long)s, (long)n); }
static void put_hex(uint32_t v) {
  char b[11]; b[0] = '0'; b[1] = 'x';
  for (int i = 0; i < 8; i++) b[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
  b[10] = 0; put(b);
}
static __attribute__((noreturn)) void quit(int code) { for (;;) sys3(1, code, 0, 0); }
void *memset(void *d, int c, size_t n) { unsigned char *p = d; while (n--) *p++ = (unsigned char)c; return d; }
void *memcpy(void *d, const void *s, size_t n) { unsigned char *p = d; const unsigned char *q = s; while (n--) *p++ = *q++; return d; }
int bench_main(void);
void _start(void) { quit(bench_main()); }
