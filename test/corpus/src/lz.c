/* A small LZ77 compressor (hash of 3-byte prefixes) and decompressor over generated text;
   round-trip check and sizes. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

enum { WINDOW = 4096, MIN_MATCH = 3, MAX_MATCH = 18, HASH = 4096 };

static size_t compress(const unsigned char *in, size_t n, unsigned char *out) {
  static int head[HASH];
  for (int i = 0; i < HASH; i++) head[i] = -1;
  size_t o = 0, i = 0;
  while (i < n) {
    size_t flag_pos = o++; unsigned char flags = 0;
    for (int bit = 0; bit < 8 && i < n; bit++) {
      int best_len = 0, best_off = 0;
      if (i + MIN_MATCH <= n) {
        unsigned h = ((in[i] << 8) ^ (in[i + 1] << 4) ^ in[i + 2]) & (HASH - 1);
        int cand = head[h];
        if (cand >= 0 && i - (size_t)cand < WINDOW) {
          int len = 0;
          while (len < MAX_MATCH && i + len < n && in[cand + len] == in[i + len]) len++;
          if (len >= MIN_MATCH) { best_len = len; best_off = (int)(i - (size_t)cand); }
        }
        head[h] = (int)i;
      }
      if (best_len) {
        flags |= (unsigned char)(1 << bit);
        out[o++] = (unsigned char)(best_off >> 4);
        out[o++] = (unsigned char)(((best_off & 15) << 4) | (best_len - MIN_MATCH));
        i += (size_t)best_len;
      } else out[o++] = in[i++];
    }
    out[flag_pos] = flags;
  }
  return o;
}

static size_t decompress(const unsigned char *in, size_t n, unsigned char *out) {
  size_t i = 0, o = 0;
  while (i < n) {
    unsigned char flags = in[i++];
    for (int bit = 0; bit < 8 && i < n; bit++) {
      if (flags & (1 << bit)) {
        int off = (in[i] << 4) | (in[i + 1] >> 4), len = (in[i + 1] & 15) + MIN_MATCH;
        i += 2;
        for (int k = 0; k < len; k++, o++) out[o] = out[o - off];
      } else out[o++] = in[i++];
    }
  }
  return o;
}

int main(void) {
  const char *words[] = {"emulator ", "powerpc ", "block ", "translate ", "javascript ", "guest ", "the ", "a "};
  size_t n = 0, cap = 200000;
  unsigned char *text = malloc(cap);
  unsigned seed = 7;
  while (n + 16 < cap) { seed = seed * 1664525u + 1013904223u; const char *w = words[(seed >> 16) % 8]; size_t l = strlen(w); memcpy(text + n, w, l); n += l; }
  unsigned char *packed = malloc(n * 2), *unpacked = malloc(n + 64);
  size_t pn = compress(text, n, packed);
  size_t un = decompress(packed, pn, unpacked);
  unsigned crc = 0xffffffffu;
  for (size_t i = 0; i < pn; i++) { crc ^= packed[i]; for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1)); }
  printf("input %zu packed %zu (%.1f%%) unpacked %zu equal %d crc %08x\n", n, pn, 100.0 * pn / n, un, un == n && memcmp(text, unpacked, n) == 0, ~crc);
  return 0;
}
