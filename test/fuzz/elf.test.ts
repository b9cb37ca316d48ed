import { describe } from 'vitest';
import { propertyTest } from './property.js';

describe('fuzz: ELF loader through ppcjit run', () => {
  propertyTest('elf');
});
