import { PlainError } from '@lle/config';

export interface ParsedArgs {
  readonly positional: string[];
  readonly flags: Map<string, string | true>;
}

/**
 * `--name value`, `--name=value` and bare `--switch` (when listed in `switches`); anything else is a
 * positional argument. An unknown flag is refused with its name, so a typo never silently widens a query.
 */
export function parseArgs(
  argv: readonly string[],
  options: readonly string[],
  switches: readonly string[] = [],
): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (switches.includes(name)) {
      flags.set(name, true);
    } else if (options.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new PlainError(`--${name} needs a value`);
      flags.set(name, value);
    } else {
      throw new PlainError(`Unknown option --${name}`);
    }
  }
  return { positional, flags };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

export function positionFlag(args: ParsedArgs, name: string): bigint | undefined {
  const value = stringFlag(args, name);
  if (value === undefined) return undefined;
  if (!/^\d{1,19}$/.test(value)) throw new PlainError(`--${name} must be a global position (a whole number)`);
  return BigInt(value);
}

export function timeFlag(args: ParsedArgs, name: string): Date | undefined {
  const value = stringFlag(args, name);
  if (value === undefined) return undefined;
  const time = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time.getTime())) {
    throw new PlainError(`--${name} must be an ISO 8601 date and time, e.g. 2027-03-01T12:00:00Z`);
  }
  return time;
}

export function countFlag(args: ParsedArgs, name: string, max: number): number | undefined {
  const value = stringFlag(args, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new PlainError(`--${name} must be a whole number from 1 to ${max}`);
  return n;
}
