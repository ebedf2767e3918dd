/** An error whose message says everything the person at the terminal needs: printed without a stack. */
export class PlainError extends Error {
  override readonly name: string = 'PlainError';
}
