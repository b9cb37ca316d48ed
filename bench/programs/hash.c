/* Hashing: FNV-1a and table-driven CRC-32 over a 1 MiB buffer, repeated. */
#include "rt.h"
#define SIZE (1 << 20)
static unsigned char buf[SIZE];
static uint32_t table[256];
int bench_main(void) {
  for (uint32_t i = 0; i < 256; i++) { uint32_t c = i; for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & -(c & 1)); table[i] = c; }
  uint32_t s = 7;
  for (int i = 0; i < SIZE; i++) { s = s * 1103515245u + 12345u; buf[i] = (unsigned char)(s >> 16); }
  uint32_t fnv = 2166136261u, crc = 0xffffffffu;
  for (int round = 0; round < 200; round++) {
    for (int i = 0; i < SIZE; i++) fnv = (fnv ^ buf[i]) * 16777619u;
    for (int i = 0; i < SIZE; i++) crc = (crc >> 8) ^ table[(crc ^ buf[i]) & 0xff];
  }
  put("hash fnv "); put_hex(fnv); put(" crc "); put_hex(~crc); put("\n");
  return 0;
}
