import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';

export interface LocalContextOptions {
  /** The function's name, as in the Serverless config (`functions.<name>`). */
  readonly functionName: string;
  /** The function timeout in ms: `getRemainingTimeInMillis` counts down from it. @default no deadline */
  readonly timeoutMs?: number;
  /** @default a random UUID */
  readonly awsRequestId?: string;
  /** @default 512 */
  readonly memoryLimitInMB?: number;
}

/**
 * The Lambda `Context` of one local invocation (the local runtime's consumers and the local HTTP
 * API alike): a function ARN in the `local` region, a request id, and a deadline counting down
 * from the timeout. Callback-style handlers are not supported: `done`/`fail`/`succeed` throw.
 */
export function localLambdaContext(options: LocalContextOptions): Context {
  const { functionName } = options;
  const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
  const unsupported = () => {
    throw new Error('callback-style Lambda handlers are not supported; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: String(options.memoryLimitInMB ?? 512),
    awsRequestId: options.awsRequestId || randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () =>
      deadline === undefined ? Number.MAX_SAFE_INTEGER : Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
