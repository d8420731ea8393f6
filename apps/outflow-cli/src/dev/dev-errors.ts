/** A start-up problem the user can fix: the message says what is wrong and what to do. */
export class DevError extends Error {
  override readonly name = 'DevError';
}
