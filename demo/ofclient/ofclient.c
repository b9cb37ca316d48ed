/*
 * The demo Open Firmware client `npm start` boots on ppcjit's pegasos2: it walks the device
 * tree through the IEEE 1275 client interface (peer/child/nextprop/getprop/package-to-path),
 * prints it as an indented tree on the VT8231 UART, claims memory, reads the clock and exits.
 * Freestanding: built with -ffreestanding -nostdlib -msoft-float (MSR[FP]=0 at entry).
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
    if (c == '\n') putc_('\r');
    for (i = 0; i < 100000 && !(uart[5] & 0x20); i++) { }
    uart[0] = (u8)c;
}
static void puts_(const char *s) { while (*s) putc_(*s++); }
static void puthex(u32 v, int digits)
{
    int i;
    for (i = digits - 1; i >= 0; i--) putc_("0123456789abcdef"[(v >> (4 * i)) & 15]);
}
static void putdec(u32 v)
{
    char b[12]; int i = 11; b[i] = 0;
    do { b[--i] = '0' + v % 10; v /= 10; } while (v);
    puts_(b + i);
}
static void indent(int depth) { while (depth-- > 0) puts_("  "); }

/* One client-interface call: service, nargs, nret, then args and rets in one array. */
static u32 ci(const char *service, int nargs, int nret, u32 a0, u32 a1, u32 a2, u32 a3)
{
    u32 args[3 + 10];
    args[0] = (u32)service; args[1] = nargs; args[2] = nret;
    args[3] = a0; args[4] = a1; args[5] = a2; args[6] = a3;
    args[3 + nargs] = 0xffffffff;
    of_call(args, ci_entry);
    return args[3 + nargs];
}

static int printable(const u8 *p, int len)
{
    int i;
    if (len < 2 || p[len - 1] != 0) return 0;
    for (i = 0; i < len - 1; i++)
        if ((p[i] < 32 || p[i] > 126) && p[i] != 0) return 0;
    return p[0] != 0;
}

static void print_value(const u8 *p, int len)
{
    int i;
    if (len == 0 || (len == 1 && p[0] == 0)) { puts_(len ? "\"\"" : "(empty)"); return; }
    if (printable(p, len)) {
        putc_('"');
        for (i = 0; i < len - 1; i++) putc_(p[i] ? (char)p[i] : ',');
        putc_('"');
        return;
    }
    if (len % 4 == 0) {
        putc_('<');
        for (i = 0; i < len && i < 64; i += 4) {
            if (i) putc_(' ');
            puts_("0x");
            puthex(((u32)p[i] << 24) | ((u32)p[i + 1] << 16) | ((u32)p[i + 2] << 8) | p[i + 3], 8);
        }
        if (len > 64) puts_(" ...");
        putc_('>');
        return;
    }
    putc_('[');
    for (i = 0; i < len && i < 32; i++) { if (i) putc_(' '); puthex(p[i], 2); }
    putc_(']');
}

static void walk(u32 node, int depth)
{
    char path[256], prev[64], name[64];
    u8 value[256];
    int len = (int)ci("package-to-path", 3, 1, node, (u32)path, sizeof path - 1, 0);
    if (len < 0 || len >= (int)sizeof path) len = 0;
    path[len] = 0;
    indent(depth);
    puts_(depth == 0 ? "/" : path);
    puts_(" (phandle 0x"); puthex(node, 2); puts_(")\n");
    prev[0] = 0;
    while ((int)ci("nextprop", 3, 1, node, (u32)prev, (u32)name, 0) == 1) {
        int plen = (int)ci("getprop", 4, 1, node, (u32)name, (u32)value, sizeof value);
        indent(depth + 1);
        puts_(name);
        puts_(" = ");
        if (plen >= 0) print_value(value, plen > (int)sizeof value ? (int)sizeof value : plen);
        putc_('\n');
        for (len = 0; name[len]; len++) prev[len] = name[len];
        prev[len] = 0;
    }
    for (u32 child = ci("child", 1, 1, node, 0, 0, 0); child && child != 0xffffffff;
         child = ci("peer", 1, 1, child, 0, 0, 0))
        walk(child, depth + 1);
}

void ofmain(u32 entry)
{
    ci_entry = entry;
    puts_("ppcjit demo Open Firmware client: the device tree, read through the client interface\n\n");
    walk(ci("peer", 1, 1, 0, 0, 0, 0), 0);

    u32 t0 = ci("milliseconds", 0, 1, 0, 0, 0, 0);
    u32 a = ci("claim", 3, 1, 0, 0x10000, 0x1000, 0);
    u32 b = ci("claim", 3, 1, 0, 0x10000, 0x1000, 0);
    puts_("\nclaimed 64 KiB at 0x"); puthex(a, 8);
    puts_(" and 64 KiB at 0x"); puthex(b, 8); putc_('\n');
    puts_("released the first: "); puts_(ci("release", 2, 1, a, 0x10000, 0, 0) == 0 ? "ok" : "failed"); putc_('\n');
    u32 t1 = ci("milliseconds", 0, 1, 0, 0, 0, 0);
    puts_("milliseconds: "); putdec(t0); puts_(" -> "); putdec(t1); putc_('\n');
    puts_("calling exit\n");
    ci("exit", 0, 0, 0, 0, 0, 0);
}
