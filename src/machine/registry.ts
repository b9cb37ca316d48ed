import { UserError } from '../errors.js';
import { pegasos2Machine } from './pegasos2/definition.js';
import type { MachineDefinition } from './system-machine.js';

/** The system machines `ppcjit boot --machine NAME` knows: one line per machine folder. */
export const MACHINES: readonly MachineDefinition[] = [pegasos2Machine];

export function findMachine(name: string): MachineDefinition {
  const found = MACHINES.find((m) => m.name === name);
  if (!found)
    throw new UserError(`unknown machine '${name}'; valid machines: ${MACHINES.map((m) => m.name).join(', ')}`);
  return found;
}
