import { UsageError } from './args.ts';
import { alertsCommand, alertsHelp } from './commands/alerts.ts';
import { buildCommand, buildHelp, publishCommand } from './commands/build.ts';
import { demoCommand, demoHelp } from './commands/demo.ts';
import { exportCommand, exportHelp } from './commands/export.ts';
import { generateCommand, generateHelp } from './commands/generate.ts';
import { loadCommand, loadHelp } from './commands/load.ts';
import { rejectsCommand, rejectsHelp } from './commands/rejects.ts';
import { serveCommand, serveHelp } from './commands/serve.ts';
import { statusCommand, statusHelp } from './commands/status.ts';
import { packCommand, packHelp } from './commands/pack.ts';
import { notebooksCommand, notebooksHelp } from './commands/notebooks.ts';
import { tokensCommand, tokensHelp } from './commands/tokens.ts';
import { usersCommand, usersHelp } from './commands/users.ts';
import { watchCommand, watchHelp } from './commands/watch.ts';
import { settings } from '../../src/lib/config/settings.ts';

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  generate: generateCommand,
  load: loadCommand,
  build: buildCommand,
  publish: publishCommand,
  status: statusCommand,
  rejects: rejectsCommand,
  serve: serveCommand,
  demo: demoCommand,
  pack: packCommand,
  notebooks: notebooksCommand,
  export: exportCommand,
  watch: watchCommand,
  users: usersCommand,
  tokens: tokensCommand,
  alerts: alertsCommand,
};

const HELP = `spo — SP Observatory: social prescribing outcomes warehouse and dashboard

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

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${HELP}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`unknown command "${name}": try spo help`);
    return await command(rest);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`spo ${name}: ${message}\n`);
    if (settings().SPO_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}
