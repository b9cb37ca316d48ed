// What `ppcjit boot` watches on the guest console between run slices: when the guest last
// printed (hang detection), and the first line of a Linux kernel crash (oops / panic / BUG).
// Pure: the caller passes guest time in seconds; no clock, no I/O.

/**
 * Lines that start a Linux kernel crash report (printk timestamp stripped):
 * - `Oops: …` — die() on powerpc (arch/powerpc/kernel/traps.c `__die`: "Oops: %s, sig: %ld [#%d]");
 * - `Kernel panic - not syncing: …` — panic() (kernel/panic.c);
 * - `BUG: …` — bad kernel accesses on powerpc (arch/powerpc/mm/fault.c `__bad_page_fault`:
 *   "BUG: Kernel NULL pointer dereference …", "BUG: Unable to handle kernel data access …"),
 *   and the kernel's own watchdogs ("BUG: soft lockup", "BUG: scheduling while atomic");
 * - `kernel BUG at FILE:LINE!` — BUG() (lib/bug.c `report_bug`).
 * WARN() (`WARNING: CPU: …`) is not a crash: the kernel carries on.
 */
const CRASH_LINE = /^(?:Oops: |Kernel panic - not syncing|BUG: |kernel BUG at )/;
const PRINTK_TIME = /^\[\s*\d+\.\d+\] /;

/** The crash-report start in one console line, or undefined. */
export function kernelCrashLine(line: string): string | undefined {
  const text = line.replace(/\r/g, '').replace(PRINTK_TIME, '');
  return CRASH_LINE.test(text) ? text : undefined;
}

/** After a crash line, stop once the console has been quiet this long (the backtrace is out)… */
export const CRASH_QUIET_S = 1;
/** …or this long after the crash line at the latest (a guest that keeps printing). */
export const CRASH_MAX_S = 10;

export type WatchVerdict = { kind: 'crash'; line: string } | { kind: 'hang'; quietS: number } | undefined;

export class ConsoleWatch {
  private line = '';
  /** Guest time of the last console byte (or of the start). */
  lastOutputS: number;
  /** The first crash line, completed as its bytes arrive, and when it started. */
  crash: string | undefined;
  crashAtS: number | undefined;
  private crashLineOpen = false;

  constructor(startS: number) {
    this.lastOutputS = startS;
  }

  /** Console bytes the guest printed at guest time `nowS`. */
  push(bytes: Uint8Array, nowS: number): void {
    if (bytes.length === 0) return;
    this.lastOutputS = nowS;
    for (const b of bytes) {
      if (b === 0x0a) {
        this.look(nowS);
        this.crashLineOpen = false;
        this.line = '';
      } else if (this.line.length < 4096) this.line += String.fromCharCode(b);
    }
    // A line still being printed (or a guest that never ends it) counts too.
    this.look(nowS);
  }

  private look(nowS: number): void {
    if (this.crash !== undefined && !this.crashLineOpen) return;
    const crash = kernelCrashLine(this.line);
    if (crash === undefined) return;
    this.crash = crash;
    this.crashAtS ??= nowS;
    this.crashLineOpen = true;
  }

  /**
   * Whether to stop at guest time `nowS`: a crash whose report is complete (console quiet for
   * CRASH_QUIET_S, or CRASH_MAX_S since its first line), or a hang (no console output for
   * `hangS` seconds; 0 = never).
   */
  verdict(nowS: number, hangS: number): WatchVerdict {
    if (this.crash !== undefined && this.crashAtS !== undefined) {
      if (nowS - this.lastOutputS >= CRASH_QUIET_S || nowS - this.crashAtS >= CRASH_MAX_S) {
        return { kind: 'crash', line: this.crash };
      }
      return undefined;
    }
    if (hangS > 0 && nowS - this.lastOutputS >= hangS) return { kind: 'hang', quietS: nowS - this.lastOutputS };
    return undefined;
  }
}
