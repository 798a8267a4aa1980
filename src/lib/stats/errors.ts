/**
 * Argument checks shared by the statistics functions. Every error names the function, the argument
 * and the offending value, e.g. `wilsonInterval: denominator must be ≥ numerator, got 3 < 5`.
 *
 * @example
 * checkFinite('wilsonInterval', 'numerator', Number.NaN); // throws "wilsonInterval: numerator must be a finite number, got NaN"
 */
export function fail(fn: string, message: string): never {
  throw new RangeError(`${fn}: ${message}`);
}

/** Formats a value for an error message (arrays and objects as JSON, numbers as written). */
export function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** @example checkFinite('dsr', 'rows[0].count', 3) // 3 */
export function checkFinite(fn: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    fail(fn, `${arg} must be a finite number, got ${show(value)}`);
  return value;
}

/** @example checkNonNegative('byarsInterval', 'count', 4) // 4 */
export function checkNonNegative(fn: string, arg: string, value: unknown): number {
  const v = checkFinite(fn, arg, value);
  if (v < 0) fail(fn, `${arg} must be ≥ 0, got ${show(v)}`);
  return v;
}

/** @example checkPositive('wilsonInterval', 'denominator', 10) // 10 */
export function checkPositive(fn: string, arg: string, value: unknown): number {
  const v = checkFinite(fn, arg, value);
  if (v <= 0) fail(fn, `${arg} must be > 0, got ${show(v)}`);
  return v;
}

/** @example checkInteger('spc', 'fixAfterNPoints', 12) // 12 */
export function checkInteger(fn: string, arg: string, value: unknown): number {
  const v = checkFinite(fn, arg, value);
  if (!Number.isInteger(v)) fail(fn, `${arg} must be an integer, got ${show(v)}`);
  return v;
}

/**
 * A confidence level as a fraction strictly between 0 and 1 (0.95, 0.998). Percentages such as 95
 * are rejected rather than guessed at.
 *
 * @example checkConfidence('wilsonInterval', 0.95) // 0.95
 */
export function checkConfidence(fn: string, value: unknown, arg = 'confidence'): number {
  const v = checkFinite(fn, arg, value);
  if (!(v > 0 && v < 1)) fail(fn, `${arg} must be a fraction between 0 and 1 (e.g. 0.95), got ${show(v)}`);
  return v;
}

/** @example checkNumberArray('pairedChange', 'before', [1, 2]) // [1, 2] */
export function checkNumberArray(fn: string, arg: string, value: unknown): number[] {
  if (!Array.isArray(value)) fail(fn, `${arg} must be an array of numbers, got ${show(value)}`);
  value.forEach((v, i) => checkFinite(fn, `${arg}[${i}]`, v));
  return value as number[];
}
