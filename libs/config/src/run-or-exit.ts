import { PlainError } from './plain-error';

/**
 * Runs a process's main function. A PlainError (a bad setting, a bad argument) is printed as its message
 * alone and the process exits with status 1; anything else is printed with its stack.
 */
export function runOrExit(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    if (error instanceof PlainError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exit(1);
  });
}
