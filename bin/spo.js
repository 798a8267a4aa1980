#!/usr/bin/env node
// The `spo` command. The project's own Node 24 (the `node` devDependency) runs the TypeScript
// pipelines directly, with type stripping: no build step for the CLI.
import { main } from './cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
