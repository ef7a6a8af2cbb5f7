/** The entry point of `cairn` (bin/cairn.js imports this file). */
import { runCli } from './cli.js';

// exitCode rather than exit(): stdout may still be flushing into a pipe.
process.exitCode = await runCli(process.argv);
