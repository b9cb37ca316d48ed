/* Double-precision matrix multiply (i-k-j order), checksum of the result. */
#include "rt.h"
#define N 160
static double A[N][N], B[N][N], C[N][N];
int bench_main(void) {
  for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) { A[i][j] = (double)(i * 3 + j) / N - 1.0; B[i][j] = (double)(i - 2 * j) / (N + 1.0); }
  for (int rep = 0; rep < 6; rep++) {
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) C[i][j] = 0;
    for (int i = 0; i < N; i++) for (int k = 0; k < N; k++) { double a = A[i][k]; for (int j = 0; j < N; j++) C[i][j] += a * B[k][j]; }
    A[rep][rep] += C[N - 1 - rep][rep] * 1e-6;
  }
  double sum = 0; for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) sum += C[i][j] * (double)((i ^ j) & 7);
  int64_t fixed = (int64_t)(sum * 1000.0);
  put("matmul "); put_hex((uint32_t)(fixed >> 32)); put_hex((uint32_t)fixed); put("\n");
  return 0;
}
