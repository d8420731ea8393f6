import { isLosslessNumber, isSafeNumber, LosslessNumber, parse, stringify } from 'lossless-json';

/**
 * JSON whose numbers keep their exact value (issue 12, item 4). `JSON.parse` turns every number
 * into a double, so `12345678901234567891` becomes `12345678901234567000` and an event, a
 * rendered template or a stream record silently changes. Outflow parses JSON text from outside
 * (event text, message bodies, template output, CLI input) with {@link parseExactJson} instead,
 * built on the maintained `lossless-json` parser:
 *
 * - a number a JavaScript number holds exactly (its text and the double's shortest text have the
 *   same digits: `300`, `3.0e2`, `0.1`, `-0.0`) is a plain `number`;
 * - any other number (`9007199254740993`, `1.23e+40`, `0.1234567890123456789`) is a
 *   `LosslessNumber` from `lossless-json`: its exact text is in `.value`, and
 *   {@link stringifyExactJson} writes that text back unchanged.
 *
 * So an `AggregateState` decoded from an event holds `number`s and, for numbers JavaScript cannot
 * hold, `LosslessNumber`s ({@link isExactNumberText}); a check that wants a JavaScript number (a
 * version, a count) refuses those and names the exact value.
 */

/** A number that a JavaScript number cannot hold exactly, kept as its JSON text. */
export type ExactNumber = LosslessNumber;

const exactNumber = (text: string): number | LosslessNumber =>
  isSafeNumber(text) ? Number(text) : new LosslessNumber(text);

/**
 * Parses JSON text keeping every number's value: see the module comment for the representation.
 * Unlike `JSON.parse`, an object with the same key twice is refused (`lossless-json` does so).
 *
 * @throws SyntaxError naming the position, like `JSON.parse`.
 */
export const parseExactJson = (text: string): unknown => parse(text, null, exactNumber);

/**
 * `JSON.stringify` that writes {@link ExactNumber}s and `bigint`s as the numbers they are.
 * `indent` as for `JSON.stringify`.
 */
export const stringifyExactJson = (value: unknown, indent?: number | string): string | undefined =>
  stringify(value, null, indent);

/** True for a number kept as its text by {@link parseExactJson}. */
export const isExactNumberText = (value: unknown): value is ExactNumber => isLosslessNumber(value);
