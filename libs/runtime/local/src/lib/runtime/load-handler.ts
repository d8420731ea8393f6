import type { SqsHandler } from '../consumer/sqs-consumer';

/**
 * Loads a Lambda handler the way Lambda does: from the file and export a Serverless `handler:`
 * setting names (`src/handlers/queue-apply.handler.handler` → file `…/queue-apply.handler`,
 * export `handler`), relative to the app's directory. TypeScript sources load under jest or tsx.
 */
export function loadLambdaHandler(appDir: string, handlerSetting: string): SqsHandler {
  const dot = handlerSetting.lastIndexOf('.');
  if (dot <= 0)
    throw new Error(
      `handler setting ${JSON.stringify(handlerSetting)} must be <file>.<export>, e.g. src/handlers/queue-apply.handler.handler`,
    );
  const file = `${appDir}/${handlerSetting.slice(0, dot)}`;
  const exportName = handlerSetting.slice(dot + 1);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by path, as Lambda does
  const loaded = require(file) as Record<string, unknown>;
  const handler = loaded[exportName];
  if (typeof handler !== 'function')
    throw new Error(`${file} has no exported function ${exportName} (handler setting ${handlerSetting})`);
  return handler as SqsHandler;
}
