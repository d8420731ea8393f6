// Test output stays quiet unless a test fails: the Lambda handlers' JSON logger
// (libs/runtime/lambda/src/lib/logger.ts) writes a console.warn for every failed change, and many
// tests fail changes on purpose — in the CLI's tests alone, about a hundred blocks with stack
// traces. LOG_LEVEL=silent turns that logger off in every test worker (and in the processes the
// tests spawn, which inherit the environment); a test that asserts on log lines sets LOG_LEVEL
// itself. OUTFLOW_TEST_LOGS=1 keeps the logs, to debug a failing test.
if (process.env.OUTFLOW_TEST_LOGS !== '1') process.env.LOG_LEVEL = 'silent';
// The consumers' lag metric (Powertools Metrics) prints an embedded-metric-format line per batch
// on stdout; off in tests like the logs (the handler spec turns it on to read those lines).
if (process.env.OUTFLOW_TEST_LOGS !== '1') process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
