/**
 * The snapshot codec in a browser: the same Brotli sections and SHA-256 as the CLI's
 * (src/machine/snapshot/node-codec.ts), so a file written by `ppcjit boot --snapshot-out` restores
 * here and the reverse. The SnapshotCodec interface is synchronous; CompressionStream has no
 * Brotli and SubtleCrypto.digest is asynchronous, so this uses brotli-wasm (the Brotli reference
 * implementation compiled to WebAssembly, loaded once before the first use) and @noble/hashes.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import brotliReady from 'brotli-wasm';
import type { SnapshotCodec } from '../src/index.js';

/** The CLI's quality (node-codec.ts measures why 4). */
const BROTLI_QUALITY = 4;

/** Resolves once brotli-wasm's module is instantiated. */
export async function webSnapshotCodec(): Promise<SnapshotCodec> {
  const brotli = await brotliReady;
  return {
    compression: 'brotli',
    compress: (bytes) => brotli.compress(bytes, { quality: BROTLI_QUALITY }),
    decompress: (bytes) => brotli.decompress(bytes),
    sha256: (bytes) => sha256(bytes),
  };
}
