import { UsageError } from './args.ts';
import { settings } from '../../src/lib/config/settings.ts';

type Command = (argv: string[]) => Promise<number>;

// Each command's module is imported when it runs, not all of them at start: importing every
// command (the server, the pack, the notebooks) cost about 0.4 s of CPU on every run, which was
// half of re-sending an unchanged folder (issue 17: re-delivery ≤ 1 s).
const COMMANDS: Record<string, () => Promise<Command>> = {
  generate: async () => (await import('./commands/generate.ts')).generateCommand,
  load: async () => (await import('./commands/load.ts')).loadCommand,
  build: async () => (await import('./commands/build.ts')).buildCommand,
  publish: async () => (await import('./commands/build.ts')).publishCommand,
  status: async () => (await import('./commands/status.ts')).statusCommand,
  rejects: async () => (await import('./commands/rejects.ts')).rejectsCommand,
  serve: async () => (await import('./commands/serve.ts')).serveCommand,
  demo: async () => (await import('./commands/demo.ts')).demoCommand,
  pack: async () => (await import('./commands/pack.ts')).packCommand,
  notebooks: async () => (await import('./commands/notebooks.ts')).notebooksCommand,
  export: async () => (await import('./commands/export.ts')).exportCommand,
  watch: async () => (await import('./commands/watch.ts')).watchCommand,
  users: async () => (await import('./commands/users.ts')).usersCommand,
  tokens: async () => (await import('./commands/tokens.ts')).tokensCommand,
  alerts: async () => (await import('./commands/alerts.ts')).alertsCommand,
};

/** The help of every command, in the order a newcomer needs them. */
async function help(): Promise<string> {
  const { demoHelp } = await import('./commands/demo.ts');
  const { generateHelp } = await import('./commands/generate.ts');
  const { loadHelp } = await import('./commands/load.ts');
  const { buildHelp } = await import('./commands/build.ts');
  const { statusHelp } = await import('./commands/status.ts');
  const { exportHelp } = await import('./commands/export.ts');
  const { rejectsHelp } = await import('./commands/rejects.ts');
  const { alertsHelp } = await import('./commands/alerts.ts');
  const { serveHelp } = await import('./commands/serve.ts');
  const { packHelp } = await import('./commands/pack.ts');
  const { notebooksHelp } = await import('./commands/notebooks.ts');
  const { watchHelp } = await import('./commands/watch.ts');
  const { usersHelp } = await import('./commands/users.ts');
  const { tokensHelp } = await import('./commands/tokens.ts');
  return `spo — SP Observatory: social prescribing outcomes warehouse and dashboard

${demoHelp}

${generateHelp}

${loadHelp}

${buildHelp}

${statusHelp}

${exportHelp}

${rejectsHelp}

${alertsHelp}

${serveHelp}

${packHelp}

${notebooksHelp}

${watchHelp}

${usersHelp}

${tokensHelp}

Every command takes --db FILE (or the SPO_DB environment variable) to choose the warehouse;
the default is ./data/warehouse.duckdb. --json prints a machine-readable report where offered.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${await help()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`unknown command "${name}": try spo help`);
    return await (
      await command()
    )(rest);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`spo ${name}: ${message}\n`);
    if (settings().SPO_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}
