/* Floating point with printf: sqrt, sin, cos, exp, log, pow, float vs double, rounding.
   glibc's double sin/cos run mffscrni (see test/corpus/record.sh for how its expectation is made). */
#include <stdio.h>
#include <math.h>

int main(void) {
  volatile double x = 2.0;
  printf("sqrt(2) = %.17g\n", sqrt(x));
  for (int i = 0; i <= 8; i++) {
    double a = i * 0.7853981633974483;
    printf("a=%.4f sin=%.12f cos=%.12f\n", a, sin(a), cos(a));
  }
  printf("exp(1) = %.15f log(10) = %.15f pow(1.5, 7.25) = %.12g\n", exp(1.0), log(10.0), pow(1.5, 7.25));
  float f = 1.0f / 3.0f;
  double d = 1.0 / 3.0;
  printf("float %.9g double %.17g diff %.6e\n", f, d, d - f);
  printf("inf %f -inf %f nan %f -0 %g\n", 1.0 / (x - 2.0), -1.0 / (x - 2.0), sqrt(-x), -0.0 * x);
  printf("%e %E %g %G %a\n", 12345.678, 0.000123, 1e20, 1e-20, 0.1);
  double sum = 0;
  for (int i = 1; i <= 100000; i++) sum += 1.0 / ((double)i * i);
  printf("basel %.15f pi^2/6 %.15f\n", sum, M_PI * M_PI / 6);
  printf("floor %g ceil %g round %g trunc %g fmod %g\n", floor(-2.5), ceil(-2.5), round(-2.5), trunc(-2.5), fmod(10.0, 3.3));
  printf("(int)%d (unsigned)%u (long long)%lld\n", (int)-3.99, (unsigned)3.99e9, (long long)-1e15);
  return 0;
}
