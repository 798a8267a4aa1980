// Serves the built dashboard over plain HTTP on this machine (what `spo serve` and `spo demo` run).
// adapter-node 6 takes a request's protocol from PROTOCOL_HEADER and otherwise assumes https, which
// would make SvelteKit's and our own origin checks refuse every form post from http://localhost.
// This wrapper states "http" on every request, overwriting anything a client sent, so the checks
// see the truth. Behind a TLS proxy, run `node build/index.js` with PROTOCOL_HEADER set to the
// proxy's header instead (docs/security.md).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_DIR } from '../../src/lib/config/paths.ts';
import { settings } from '../../src/lib/config/settings.ts';

const HEADER = 'x-spo-protocol';
process.env.PROTOCOL_HEADER = HEADER;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const { handler } = (await import(pathToFileURL(join(PROJECT_DIR, 'build', 'handler.js')).href)) as {
  handler: Handler;
};

const port = Number(settings().PORT ?? 3000);
const host = settings().HOST ?? 'localhost';
const server = createServer((req, res) => {
  req.headers[HEADER] = 'http';
  handler(req, res);
});
server.listen(port, host);
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
