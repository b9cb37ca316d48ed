import { describe } from 'vitest';
import { propertyTest } from './property.js';

describe('fuzz: random system calls from a linux-user guest', () => {
  propertyTest('syscalls');
});
