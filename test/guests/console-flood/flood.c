/*
 * console-flood: an Open Firmware client that writes to the console forever, for the
 * back-pressure test of test/cli/console-flood.test.ts: 64 KiB per client-interface `write` on
 * /chosen/stdout, or (with bootargs "uart") byte by byte to the VT8231 UART. Built by build.sh.
 */
typedef unsigned int u32;
typedef unsigned char u8;

static u8 stack[8192] __attribute__((aligned(16)));
u8 *stack_top = stack + sizeof(stack);
u32 of_call(void *args, u32 entry);

static volatile u8 *const uart = (volatile u8 *)0xfe0002f8u;
static char line[65536];

static u32 ci(u32 entry, const char *service, u32 nargs, u32 a0, u32 a1, u32 a2, u32 a3)
{
    u32 args[9] = { (u32)service, nargs, 1, a0, a1, a2, a3, 0, 0 };
    of_call(args, entry);
    return args[3 + nargs];
}

void ofmain(u32 entry)
{
    u32 stdout_ih = 0;
    char bootargs[16] = { 0 };
    u32 chosen = ci(entry, "finddevice", 1, (u32)"/chosen", 0, 0, 0);
    ci(entry, "getprop", 4, chosen, (u32)"stdout", (u32)&stdout_ih, 4);
    ci(entry, "getprop", 4, chosen, (u32)"bootargs", (u32)bootargs, sizeof(bootargs) - 1);
    for (u32 i = 0; i < sizeof(line); i++) line[i] = (i % 64 == 63) ? '\n' : (char)('a' + i % 26);
    if (bootargs[0] == 'u') {
        for (u32 i = 0;; i = (i + 1) % sizeof(line)) {
            while (!(uart[5] & 0x20)) { }
            uart[0] = (u8)line[i];
        }
    }
    for (;;) ci(entry, "write", 3, stdout_ih, (u32)line, sizeof(line), 0);
}
