import { createHash } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { SnapshotCodec } from './codec.js';

/**
 * Brotli at quality 4 (measured on the shared Linux guest at /init, 12.6 MB of non-zero pages):
 * 2.75 MB in ~110 ms, inflating in ~30 ms; deflate-raw level 1 gave 3.47 MB in ~210 ms / ~50 ms,
 * level 6 2.87 MB in ~350 ms, brotli 6 2.16 MB but ~490 ms. Restores outnumber snapshots, so
 * the fast inflate decides; quality 4 also keeps the write short.
 */
const BROTLI_QUALITY = 4;

const asBytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.length);

/** Node's Brotli and SHA-256: the codec of every snapshot the CLI writes. */
export const nodeSnapshotCodec: SnapshotCodec = {
  compression: 'brotli',
  compress: (bytes) =>
    asBytes(
      brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }),
    ),
  decompress: (bytes) => asBytes(brotliDecompressSync(bytes)),
  sha256: (bytes) => asBytes(createHash('sha256').update(bytes).digest()),
};
