import { localLambdaContext } from './lambda-context';

describe('Function: localLambdaContext', () => {
  it('names the function in a local ARN and counts the remaining time down from the timeout', async () => {
    const context = localLambdaContext({ functionName: 'legacy-sync-queueApply', timeoutMs: 1_000 });
    expect(context).toMatchObject({
      functionName: 'legacy-sync-queueApply',
      invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:legacy-sync-queueApply',
      logGroupName: '/aws/lambda/legacy-sync-queueApply',
      memoryLimitInMB: '512',
    });
    const first = context.getRemainingTimeInMillis();
    await new Promise((r) => setTimeout(r, 30));
    expect(first).toBeLessThanOrEqual(1_000);
    expect(context.getRemainingTimeInMillis()).toBeLessThan(first);
  });

  it('has no deadline without a timeout, keeps a given request id, and refuses callback-style handlers', () => {
    const context = localLambdaContext({ functionName: 'getOrder', awsRequestId: 'req-1' });
    expect(context.getRemainingTimeInMillis()).toBe(Number.MAX_SAFE_INTEGER);
    expect(context.awsRequestId).toBe('req-1');
    expect(() => context.succeed('x')).toThrow('callback-style Lambda handlers are not supported');
  });
});
