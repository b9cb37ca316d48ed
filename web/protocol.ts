/** Messages between the page (main.ts) and the guest's worker (worker.ts). */

/** What the page shows and `window.ppcjit.state()` returns. */
export type GuestState = 'loading' | 'running' | 'stopped' | 'exited';

/** The machine options a page boot takes (the `ppcjit boot` flags of the same names). */
export interface BootOptions {
  /** `--append`: the kernel command line. */
  append?: string;
  /** `--memory` in MB. */
  memoryMb?: number;
  /** `--cpu`: a CPU model name. */
  cpu?: string;
  /** Stop at the first console occurrence of this text (`--snapshot-at`): the rest waits in the snapshot. */
  stopAt?: string;
}

export interface GuestStats {
  instructions: number;
  guestSeconds: number;
  blocksCompiled: number;
  templateInstructions: number;
  /** Guest instructions per wall-clock microsecond over the last status period. */
  mips: number;
  /** Wall-clock ms the guest has run (not counting stops). */
  runMs: number;
}

export interface ProfileRow {
  symbol: string;
  /** Block start (blocks only). */
  start?: number;
  entries: number;
  instructions: number;
  timeMs: number;
}

export interface ProfileResult {
  seconds: number;
  totalInstructions: number;
  totalTimeMs: number;
  functions: ProfileRow[];
  blocks: ProfileRow[];
  /** Chrome DevTools .cpuprofile JSON of the same window. */
  cpuprofile: string;
}

export type ToWorker =
  | { type: 'boot'; kernel: Uint8Array; name: string; options: BootOptions }
  | { type: 'restore'; bytes: Uint8Array; name: string }
  | { type: 'input'; bytes: Uint8Array }
  /** A System.map (`ppcjit boot --symbols`): names for the profile when the ELF has none. */
  | { type: 'symbols'; systemMap: string }
  | { type: 'stop' }
  | { type: 'continue' }
  | { type: 'save'; id: number }
  | { type: 'profile'; id: number; seconds: number };

export type FromWorker =
  | { type: 'output'; bytes: Uint8Array }
  | { type: 'state'; state: GuestState; detail?: string }
  | { type: 'stats'; stats: GuestStats }
  | { type: 'error'; message: string; id?: number }
  | { type: 'snapshot'; id: number; bytes: Uint8Array }
  | { type: 'profile'; id: number; result: ProfileResult };
