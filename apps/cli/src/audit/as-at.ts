import { PlainError } from '@lle/config';
import { AsAtPositionAheadError, AsAtViews, type AsAtMoment } from '@lle/read-models';
import { parseArgs, positionFlag, timeFlag } from './args';
import { count, seconds, type AuditContext } from './audit-context';

/**
 * `audit -- as-at VIEW KEY [--position POS | --at ISO]`: the view as it stood then (now when neither),
 * rebuilt from the events up to that moment into temporary tables (the live read models are never
 * touched), printed as JSON.
 */
export async function runAsAt(context: AuditContext, argv: readonly string[]): Promise<number> {
  const views = new AsAtViews({ dataSource: context.dataSource, store: context.store });
  const usage =
    'Usage: npm run audit -- as-at VIEW KEY [--position POS | --at 2027-03-01T12:00:00Z] (neither: now)\n' +
    `Views: ${views
      .names()
      .map((name) => `${name} (${views.find(name)!.description})`)
      .join('; ')}`;
  const args = parseArgs(argv, ['position', 'at']);
  const [name, key] = args.positional;
  if (!name || !key || args.positional.length > 2) throw new PlainError(usage);
  const view = views.find(name);
  if (!view) throw new PlainError(`There is no view ${name}.\n${usage}`);
  if (!view.key.pattern.test(key)) throw new PlainError(`The key of ${name} must be ${view.key.means}.`);
  const position = positionFlag(args, 'position');
  const time = timeFlag(args, 'at');
  if (position !== undefined && time !== undefined)
    throw new PlainError(`Give --position or --at, not both.\n${usage}`);
  const moment: AsAtMoment = position !== undefined ? { position } : { time: time ?? new Date() };
  const started = Date.now();
  context.out(`Replaying ${view.projections.join(', ')} into temporary tables ...`);
  try {
    const answer = await views.answer(view, key, moment);
    context.out(
      `${name} ${key} as at position ${answer.position} (${count(answer.events)} events replayed in ` +
        `${seconds(Date.now() - started)}):`,
    );
    if (answer.answer === undefined) {
      context.out(`There was no ${name} ${key} then.`);
      return 1;
    }
    context.out(
      JSON.stringify(
        answer.answer,
        (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
        2,
      ),
    );
    return 0;
  } catch (error) {
    if (error instanceof AsAtPositionAheadError) throw new PlainError(error.message);
    throw error;
  }
}
