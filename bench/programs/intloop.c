/* Integer loop: a xorshift/multiply mix with data-dependent branches. */
#include "rt.h"
int bench_main(void) {
  uint32_t x = 1, acc = 0;
  for (uint32_t i = 0; i < 100000000u; i++) {
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    if (x & 1) acc += x >> 3; else acc ^= x * 2654435761u;
  }
  put("intloop "); put_hex(acc); put("\n");
  return 0;
}
