#!/usr/bin/env node
// The `attn` executable: a thin shell around cli/main.ts.
import { main } from './main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
