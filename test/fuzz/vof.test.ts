import { describe } from 'vitest';
import { propertyTest } from './property.js';

describe('fuzz: client interface and RTAS through the sc path of a pegasos2', () => {
  propertyTest('vof');
});
