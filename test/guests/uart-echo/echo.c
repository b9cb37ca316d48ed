/*
 * uart-echo: a tiny Open Firmware client for ppcjit's console tests. It enables the VT8231
 * UART's FIFO, prints "ready\r\n", then echoes every received byte: printable bytes, \r, \n and
 * \t as they are, other control bytes as ^X (0x03 -> "^C", 0x7f -> "^?"). 'Q' prints
 * "\r\nbye\r\n" and exits through the client interface; 'P' stops reading for good (a guest
 * that never reads, for the back-pressure test). Built by build.sh.
 */
typedef unsigned int u32;
typedef unsigned char u8;

static u8 stack[8192] __attribute__((aligned(16)));
u8 *stack_top = stack + sizeof(stack);
u32 of_call(void *args, u32 entry);

static volatile u8 *const uart = (volatile u8 *)0xfe0002f8u;
static void putc_(char c)
{
    while (!(uart[5] & 0x20)) { }
    uart[0] = (u8)c;
}
static void puts_(const char *s) { while (*s) putc_(*s++); }
static u8 getc_(void)
{
    while (!(uart[5] & 0x01)) { }
    return uart[0];
}

void ofmain(u32 entry)
{
    u32 args[3] = { (u32)"exit", 0, 0 };
    uart[2] = 0x01; /* FCR: FIFO on (not cleared: --append-input bytes wait in it) */
    puts_("ready\r\n");
    for (;;) {
        u8 c = getc_();
        if (c == 'Q') break;
        if (c == 'P') for (;;) { }
        if (c >= 0x20 && c < 0x7f) putc_((char)c);
        else if (c == '\r' || c == '\n' || c == '\t') putc_((char)c);
        else { putc_('^'); putc_((char)(c == 0x7f ? '?' : c + 0x40)); }
    }
    puts_("\r\nbye\r\n");
    of_call(args, entry);
}
