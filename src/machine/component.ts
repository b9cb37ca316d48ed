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
    c.loadState(states[name]);
  }
}
