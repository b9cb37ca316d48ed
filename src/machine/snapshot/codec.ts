/**
 * The host services a snapshot needs, passed in so that the format code runs anywhere (Node,
 * a browser, a worker): compression of each section and the file's SHA-256.
 */
export interface SnapshotCodec {
  /** Name stored in the header (`compression`); a file of another codec is refused. */
  compression: string;
  compress(bytes: Uint8Array): Uint8Array;
  decompress(bytes: Uint8Array): Uint8Array;
  sha256(bytes: Uint8Array): Uint8Array;
}
