import { describe } from 'vitest';
import { propertyTest } from './property.js';

describe('fuzz: instruction streams in system mode', () => {
  propertyTest('insns');
});
