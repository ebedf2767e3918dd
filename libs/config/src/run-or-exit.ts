import { InvalidEnvironmentError } from './environment';

/**
 * Runs a process's main function. A configuration error is printed as the plain list of what is wrong and
 * the process exits with status 1; anything else is printed with its stack.
 */
export function runOrExit(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    if (error instanceof InvalidEnvironmentError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exit(1);
  });
}
