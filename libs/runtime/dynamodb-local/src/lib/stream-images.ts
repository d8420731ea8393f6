import { isRecord, type ValidationIssue } from '@outflow/core-domain';

/**
 * The attribute maps of a stream record (`Keys`, `NewImage`, `OldImage`) as Lambda and Pipes
 * receive them. The SDK's GetRecords returns binary values (`B`, `BS`) as bytes (`Uint8Array`);
 * in the JSON that AWS delivers to Lambda and Pipes they are base64 text, as the DynamoDB Streams
 * `AttributeValue` documents ("B": "dGhpcyB0ZXh0IGlzIGJhc2U2NC1lbmNvZGVk",
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_AttributeValue.html).
 * Numbers (`N`, `NS`) are decimal text in both and pass through unchanged, so no number ever
 * changes its value on the way to a filter, a template or a dead letter.
 */
export const IMAGE_FIELDS = ['Keys', 'NewImage', 'OldImage'] as const;

/**
 * A DynamoDB number: up to 38 significant digits, magnitude 1E-130 to below 1E+126, or zero
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number).
 */
const NUMBER = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Why `text` is not a number DynamoDB can hold, or undefined when it is one. */
const dynamoDbNumberProblem = (text: unknown): string | undefined => {
  const parts = typeof text === 'string' ? NUMBER.exec(text) : null;
  if (parts === null || `${parts[1]}${parts[2] ?? ''}` === '')
    return `expected a number as decimal text, got ${JSON.stringify(text)}`;
  const [, whole = '', fraction = '', exponent = '0'] = parts;
  const digits = `${whole}${fraction}`.replace(/^0+/, '');
  if (digits === '') return undefined; // zero
  const significant = digits.replace(/0+$/, '');
  if (significant.length > 38)
    return `has ${significant.length} significant digits; DynamoDB numbers hold at most 38`;
  // The decimal exponent of the leading digit: 1.5E+3 → 3, 0.002 → -3.
  const integer = whole.replace(/^0+/, '');
  const leading =
    Number(exponent) +
    (integer !== '' ? integer.length - 1 : -(fraction.length - fraction.replace(/^0+/, '').length) - 1);
  if (leading > 125 || leading < -130)
    return `is outside DynamoDB's range (1E-130 to 9.99…E+125 in magnitude), got ${text as string}`;
  return undefined;
};

const base64 = (bytes: unknown): unknown =>
  bytes instanceof Uint8Array ? Buffer.from(bytes).toString('base64') : bytes;

/** One attribute value in the Lambda shape; number problems are reported at `path`. */
const toLambdaValue = (value: unknown, path: string, issues: ValidationIssue[]): unknown => {
  if (!isRecord(value)) return value;
  const [type] = Object.keys(value);
  const inner = type === undefined ? undefined : value[type];
  switch (type) {
    case 'B':
      return { B: base64(inner) };
    case 'BS':
      return { BS: Array.isArray(inner) ? inner.map(base64) : inner };
    case 'N': {
      const problem = dynamoDbNumberProblem(inner);
      if (problem) issues.push({ path: `${path}.N`, message: problem });
      return value;
    }
    case 'NS':
      (Array.isArray(inner) ? inner : [inner]).forEach((n, i) => {
        const problem = dynamoDbNumberProblem(n);
        if (problem) issues.push({ path: `${path}.NS[${i}]`, message: problem });
      });
      return value;
    case 'M':
      return { M: toLambdaImage(inner, `${path}.M`, issues) };
    case 'L':
      return {
        L: Array.isArray(inner) ? inner.map((v, i) => toLambdaValue(v, `${path}.L[${i}]`, issues)) : inner,
      };
    default:
      return value;
  }
};

/**
 * An attribute map with every binary value as base64 text, nested in `M` and `L` too. Numbers
 * that DynamoDB cannot hold are reported in `issues`, each at its attribute path (e.g.
 * `dynamodb.OldImage.version.N`).
 */
export const toLambdaImage = (image: unknown, path: string, issues: ValidationIssue[]): unknown => {
  if (!isRecord(image)) return image;
  return Object.fromEntries(
    Object.entries(image).map(([name, value]) => [name, toLambdaValue(value, `${path}.${name}`, issues)]),
  );
};
