import { describe, expect, it } from 'vitest';

describe('runtime', () => {
  it('runs on the Node 24 that the project brings as a devDependency, not the machine Node 20', () => {
    expect(process.version).toMatch(/^v24\./);
  });

  it('pins TZ so dates in tests do not depend on the machine', () => {
    expect(process.env.TZ).toBe('UTC');
  });
});
