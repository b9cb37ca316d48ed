/**
 * The one save/restore mechanism of a machine: every part with state (CPU, devices, clocks,
 * firmware, the board's own counters) is a named component. A snapshot stores each component's
 * state under its name; a restore hands it back to the component of the same name.
 */
export interface Component<S = unknown> {
  /** The state as plain data: JSON values and Uint8Arrays. */
  saveState(): S;
  loadState(state: S): void;
}

/** The components' states by name, in the machine's order. */
export function saveComponents(components: ReadonlyMap<string, Component>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, c] of components) out[name] = c.saveState();
  return out;
}

/**
 * Loads every component in the machine's order (a later component may depend on an earlier
 * one, e.g. the time base on the clock). A missing or extra component is an error.
 */
export function loadComponents(components: ReadonlyMap<string, Component>, states: Record<string, unknown>): void {
  const extra = Object.keys(states).filter((name) => !components.has(name));
  if (extra.length) throw new Error(`unknown component state '${extra[0]}'`);
  for (const [name, c] of components) {
    if (!(name in states)) throw new Error(`component state '${name}' missing`);
    checkShape(c.saveState(), states[name], name);
    c.loadState(states[name]);
  }
}

const kind = (v: unknown) =>
  v instanceof Uint8Array ? 'bytes' : Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;

/**
 * A saved state must have the shape the component's own state has now: the same keys, the same
 * kinds of values (numbers finite), lists of the same kind of element. A snapshot file is input:
 * a string where a number belongs made a restored machine hang (VOF's claim cursor became NaN).
 */
function checkShape(expected: unknown, actual: unknown, path: string): void {
  if (expected === undefined) return; // an optional field, absent now
  const want = kind(expected);
  const got = kind(actual);
  if (want !== got) throw new Error(`component state ${path} is ${got}, expected ${want}`);
  if (got === 'number' && !Number.isFinite(actual)) throw new Error(`component state ${path} is not finite`);
  if (got === 'array') {
    const model = (expected as unknown[])[0];
    (actual as unknown[]).forEach((v, i) => {
      checkShape(model, v, `${path}[${i}]`);
    });
  } else if (got === 'object') {
    const want = expected as Record<string, unknown>;
    const have = actual as Record<string, unknown>;
    for (const key of Object.keys(have)) {
      if (!(key in want)) throw new Error(`component state ${path}.${key} is unknown`);
    }
    for (const key of Object.keys(want)) {
      if (want[key] !== undefined && !(key in have)) throw new Error(`component state ${path}.${key} is missing`);
      checkShape(want[key], have[key], `${path}.${key}`);
    }
  }
}
