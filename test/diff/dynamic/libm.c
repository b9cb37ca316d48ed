/*
 * libm.so.6 through the PLT. sin, cos, tan, atan2 and tgamma are left out: glibc 2.36 runs
 * mffscdrni in them, which qemu-ppc 7.2 refuses on a 750 (SIGILL; see test/corpus/record.sh).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  double x = argc > 1 ? atof(argv[1]) : 0.75;
  printf("exp %.17g\nlog %.17g\nlog10 %.17g\npow %.17g\nsqrt %.17g\n", exp(x), log(x), log10(x), pow(x, 3.5), sqrt(x));
  printf("lgamma %.17g\ncbrt %.17g\nfmod %.17g\nhypot %.17g\n", lgamma(x + 3), cbrt(x * 27), fmod(10.5, x), hypot(x, 2));
  printf("erf %.17g\nexpm1 %.17g\nasinh %.17g\n", erf(x), expm1(x), asinh(x));
  printf("floor %g lround %ld rint %g\n", floor(x * 7), lround(x * 9), rint(x * 9));
  float f = (float)x;
  printf("expf %.9g logf %.9g powf %.9g\n", expf(f), logf(f), powf(f, 1.5f));
  return 0;
}
