import { uuidV5Of, type CommandHandler } from '@lle/application';
import { schoolDecider, schoolStreamId, type Actor, type RecordSchool } from '@lle/domain';
import type { SchoolRow } from './parse-schools-csv';

export interface ImportSummary {
  recorded: number;
  changed: number;
  unchanged: number;
}

export interface ImportOptions {
  readonly importId: string;
  readonly actor: Actor;
  readonly now?: () => Date;
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Records each school through the command pipeline: a new URN becomes SchoolRecorded, a changed one
 * SchoolRecordChanged, an unchanged one nothing (so importing the same file twice changes nothing).
 */
export async function importSchools(
  commands: CommandHandler,
  rows: readonly SchoolRow[],
  options: ImportOptions,
): Promise<ImportSummary> {
  const summary: ImportSummary = { recorded: 0, changed: 0, unchanged: 0 };
  const now = options.now ?? (() => new Date());
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < rows.length) {
      const { record } = rows[next++]!;
      const command: RecordSchool = {
        type: 'RecordSchool',
        data: record,
        metadata: {
          now: now(),
          actor: options.actor,
          correlationId: options.importId,
          causationId: uuidV5Of(`${options.importId}/${record.urn}`),
        },
      };
      const streamId = schoolStreamId(record.urn);
      const result = await commands.handle(schoolDecider, streamId, command);
      if (result.written === 0) summary.unchanged++;
      else if (result.revision === 0) summary.recorded++;
      else summary.changed++;
      options.onProgress?.(++done, rows.length);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return summary;
}
