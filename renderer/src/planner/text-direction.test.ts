import { describe, expect, it } from 'vitest';
import { textDirection } from './text-direction';

describe('text direction', () => {
  it('follows the first strong letter, like dir="auto"', () => {
    expect(textDirection('כל יום ב-9:00', undefined)).toBe('rtl');
    expect(textDirection('9:00 כל יום', undefined)).toBe('rtl');
    expect(textDirection('every day, כל יום', undefined)).toBe('ltr');
    expect(textDirection('0 9 * * *', 'ltr')).toBe('ltr');
    expect(textDirection('', undefined)).toBeUndefined();
  });
});
