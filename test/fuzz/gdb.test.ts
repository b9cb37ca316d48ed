import { describe } from 'vitest';
import { propertyTest } from './property.js';

describe('fuzz: gdb remote packets to the stub on a running guest', () => {
  propertyTest('gdb');
});
