import { settings } from '../../src/lib/config/settings.ts';

/** With SPO_PROFILE set, each step's time goes to stderr: where a load spends it. */
export function stepTimer(file: string): (step: string) => void {
  let last = performance.now();
  return (step: string) => {
    if (!settings().SPO_PROFILE) return;
    const now = performance.now();
    process.stderr.write(`${file}\t${step}\t${Math.round(now - last)} ms\n`);
    last = now;
  };
}
