/*
 * uart-jobs: an Open Firmware client that runs commands read from the VT8231 UART, one per
 * line, so each guest of a boot farm can be given different work through its console input.
 * It prints "uart-jobs: ready" (the snapshot marker), then for each line "$ LINE" and a result:
 *   echo TEXT     TEXT
 *   sum A B       A+B (decimal)
 *   fib N         the N-th Fibonacci number, computed recursively (work grows with N)
 *   primes N      how many primes are below N (trial division)
 *   bytes         control bytes and XML specials: \x01 \x1b[1m < & > " ' ]]> \x7f, then UTF-8
 *   panic         a Linux-style "Kernel panic - not syncing" line, then spins (ppcjit exit 3)
 *   hang          spins without output (ends at the run's timeout)
 *   trap          a trap instruction: a program interrupt (ppcjit exit 1 when no handler is there)
 *   exit          the client-interface exit service (ppcjit exit 0)
 *   anything else "?"
 * Freestanding: -ffreestanding -nostdlib -msoft-float (MSR[FP]=0 at entry). Build: build.sh.
 */
typedef unsigned int u32;
typedef unsigned char u8;

static u8 stack[32768] __attribute__((aligned(16)));
u8 *stack_top = stack + sizeof(stack);
u32 of_call(void *args, u32 entry);
static u32 ci_entry;

static volatile u8 *const uart = (volatile u8 *)0xfe0002f8u;
static void putc_(char c)
{
    int i;
    for (i = 0; i < 100000 && !(uart[5] & 0x20); i++) { }
    uart[0] = (u8)c;
}
static void puts_(const char *s) { while (*s) putc_(*s++); }
static void putdec(u32 v)
{
    char b[12]; int i = 11; b[i] = 0;
    do { b[--i] = '0' + v % 10; v /= 10; } while (v);
    puts_(b + i);
}
static int getc_(void)
{
    while (!(uart[5] & 0x01)) { }
    return uart[0];
}

static void ci_exit(void)
{
    u32 args[3] = { (u32)"exit", 0, 0 };
    of_call(args, ci_entry);
}

static u32 fib(u32 n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static u32 primes(u32 n)
{
    u32 count = 0, k, d;
    for (k = 2; k < n; k++) {
        for (d = 2; d * d <= k && k % d; d++) { }
        if (d * d > k) count++;
    }
    return count;
}
static const char *skip(const char *s) { while (*s == ' ') s++; return s; }
static u32 number(const char **s)
{
    u32 v = 0;
    *s = skip(*s);
    while (**s >= '0' && **s <= '9') v = v * 10 + (u32)(*(*s)++ - '0');
    return v;
}
static int word(const char *line, const char *w, const char **rest)
{
    while (*w && *line == *w) { line++; w++; }
    if (*w || (*line && *line != ' ')) return 0;
    *rest = skip(line);
    return 1;
}

static void run(const char *line)
{
    const char *a;
    u32 x, y;
    puts_("$ "); puts_(line); puts_("\n");
    if (word(line, "echo", &a)) { puts_(a); puts_("\n"); }
    else if (word(line, "sum", &a)) { x = number(&a); y = number(&a); putdec(x + y); puts_("\n"); }
    else if (word(line, "fib", &a)) { x = number(&a); putdec(fib(x)); puts_("\n"); }
    else if (word(line, "primes", &a)) { x = number(&a); putdec(primes(x)); puts_("\n"); }
    else if (word(line, "bytes", &a)) puts_("\x01\x1b[1m < & > \" ' ]]> \x7f \xc3\xa9\n");
    else if (word(line, "panic", &a)) { puts_("Kernel panic - not syncing: asked to\n"); for (;;) { } }
    else if (word(line, "hang", &a)) { for (;;) { } }
    else if (word(line, "trap", &a)) { __asm__ volatile("trap"); }
    else if (word(line, "exit", &a)) { ci_exit(); for (;;) { } }
    else puts_("?\n");
}

void ofmain(u32 entry)
{
    static char line[256];
    int n = 0, c;
    ci_entry = entry;
    puts_("uart-jobs: ready\n");
    for (;;) {
        c = getc_();
        if (c == '\r') continue;
        if (c == '\n') { line[n] = 0; run(line); n = 0; continue; }
        if (n < (int)sizeof(line) - 1) line[n++] = (char)c;
    }
}
