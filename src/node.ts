/** The Node host services for the library entry (index.ts): what snapshots need on Node. */
export { nodeSnapshotCodec } from './machine/snapshot/node-codec.js';
