import { describe } from 'vitest';
import { propertyTest } from './property.js';

describe('fuzz: snapshot reader through ppcjit boot --restore', () => {
  propertyTest('snapshot');
});
