/* Integer arithmetic: primes, gcd, 64-bit multiply/divide, shifts, overflow wrap. */
#include <stdio.h>
#include <stdint.h>

static unsigned gcd(unsigned a, unsigned b) { while (b) { unsigned t = a % b; a = b; b = t; } return a; }

int main(void) {
  int count = 0; unsigned last = 0;
  for (unsigned n = 2; n < 20000; n++) {
    int prime = 1;
    for (unsigned d = 2; d * d <= n; d++) if (n % d == 0) { prime = 0; break; }
    if (prime) { count++; last = n; }
  }
  printf("primes below 20000: %d, last %u\n", count, last);
  printf("gcd(1071, 462) = %u, gcd(2^31, 6^10) = %u\n", gcd(1071, 462), gcd(1u << 31, 60466176u));
  uint64_t f = 1;
  for (int i = 1; i <= 20; i++) f *= (uint64_t)i;
  printf("20! = %llu, 20! / 7 = %llu, 20! %% 1000003 = %llu\n", (unsigned long long)f,
         (unsigned long long)(f / 7), (unsigned long long)(f % 1000003));
  int64_t s = -123456789012345LL;
  printf("s / 1000 = %lld, s %% 1000 = %lld, s >> 7 = %lld\n", (long long)(s / 1000), (long long)(s % 1000), (long long)(s >> 7));
  int32_t w = 0x7fffffff; volatile int32_t one = 1;
  printf("wrap %d, neg %d, udiv %u, sdiv %d, smod %d\n", (int32_t)((uint32_t)w + (uint32_t)one), -w - one,
         0xfffffff0u / 3u, -100 / 7, -100 % 7);
  uint32_t h = 2166136261u;
  for (int i = 0; i < 1000; i++) h = (h ^ (uint32_t)i) * 16777619u;
  printf("fnv %08x rotl %08x clz-ish %d\n", h, (h << 13) | (h >> 19), __builtin_clz(h | 1));
  return 0;
}
