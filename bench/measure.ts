import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export interface Measured {
  seconds: number;
  peakMiB: number;
  stdout: string;
}

/**
 * Runs a command as a child process and measures its wall time and peak resident memory (VmHWM,
 * polled from /proc; the kernel keeps the high-water mark, so the last read is the peak).
 */
export function measure(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let peakKiB = 0;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const poll = setInterval(async () => {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      const hwm = /VmHWM:\s+(\d+)/.exec(status);
      if (hwm) peakKiB = Math.max(peakKiB, Number(hwm[1]));
    }, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited with ${code}`));
      else resolve({ seconds, peakMiB: peakKiB / 1024, stdout });
    });
  });
}
