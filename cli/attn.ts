#!/usr/bin/env node
// The `attn` executable: a thin shell around cli/main.ts.
import { main } from './main.js';

// A reader that stops early (`attn attend --file big.txt --json | head`) closes the pipe: stop quietly, as cat does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
