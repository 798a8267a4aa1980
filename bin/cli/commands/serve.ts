import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_DIR, warehouseFile } from '../../../src/lib/config/paths.ts';
import { currentSnapshot } from '../../../pipelines/publish/publish.ts';
import { intOption, parse } from '../args.ts';
import { settings } from '../../../src/lib/config/settings.ts';

export const serveHelp = `spo serve [--port N] [--host H] [--db FILE]
  Serves the dashboard (production build) on http://localhost:3000, reading only the published
  snapshot of the warehouse. Builds the dashboard first if it has not been built.`;

const BUILT = join(PROJECT_DIR, 'build', 'handler.js');
const SERVER = join(PROJECT_DIR, 'bin', 'cli', 'serve-http.ts');

/** Builds the dashboard with Vite if there is no production build yet. */
export async function ensureDashboardBuilt(): Promise<void> {
  if (existsSync(BUILT)) return;
  process.stderr.write('building the dashboard (first run only)…\n');
  await run(process.execPath, [
    join(PROJECT_DIR, 'node_modules', 'vite', 'bin', 'vite.js'),
    'build',
    '--logLevel',
    'warn',
  ]);
}

function run(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_DIR, stdio: 'inherit', env: env ?? process.env });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(0) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

export async function serve(options: { port: number; host: string; db?: string }): Promise<number> {
  const warehouse = warehouseFile(options.db);
  if (!(await currentSnapshot(warehouse))) {
    throw new Error(`nothing is published for ${warehouse} yet: run  spo load DIR  (or  spo demo) first`);
  }
  await ensureDashboardBuilt();
  const url = `http://${options.host === '0.0.0.0' ? 'localhost' : options.host}:${options.port}`;
  const env = {
    ...process.env,
    PORT: String(options.port),
    HOST: options.host,
    SPO_DB: warehouse,
    BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT ?? '65536',
  };
  process.stdout.write(`SP Observatory dashboard on ${url}  (Ctrl+C to stop)\n`);
  const child = spawn(process.execPath, [SERVER], { cwd: PROJECT_DIR, stdio: 'inherit', env });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    db: { type: 'string' },
  });
  const s = settings();
  const port = intOption(values.port ?? s.PORT, 'port', 3000);
  return serve({ port, host: values.host ?? s.HOST ?? 'localhost', db: values.db });
}
