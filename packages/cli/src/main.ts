/** The entry point of `cairn` (bin/cairn.js imports this file). */
import { runCli } from './cli.js';
import { trace } from './trace.js';

trace('modules loaded');

// exitCode rather than exit(): stdout may still be flushing into a pipe.
process.exitCode = await runCli(process.argv);
