'use strict';
// An osls plugin for apps whose `params.default` holds packaging placeholders (so that
// `serverless package` works offline as is): a `deploy` must give every such parameter for real,
// with --param="<key>=<value>" or in `params.<stage>`, or it stops at once saying which.

class RequireDeployParams {
  constructor(serverless) {
    this.hooks = { initialize: () => this.check(serverless) };
  }

  check(serverless) {
    const [command] = serverless.processedInput.commands;
    if (command !== 'deploy') return;
    const params = (serverless.configurationInput && serverless.configurationInput.params) || {};
    const placeholders = Object.keys(params.default || {});
    const stage = serverless.processedInput.options.stage || serverless.service.provider.stage || 'dev';
    const given = new Set([
      ...(serverless.processedInput.options.param || []).map((item) => String(item).split('=')[0]),
      ...Object.keys(params[stage] || {}),
    ]);
    const missing = placeholders.filter((key) => !given.has(key));
    if (missing.length === 0) return;
    const usage = missing.map((key) => `--param="${key}=…"`).join(' ');
    throw new serverless.classes.Error(
      `${serverless.service.service}: deploy needs real values for ${missing.join(', ')} (the defaults are packaging placeholders): ${usage}`,
      'OUTFLOW_DEPLOY_PARAMS_MISSING',
    );
  }
}

module.exports = RequireDeployParams;
