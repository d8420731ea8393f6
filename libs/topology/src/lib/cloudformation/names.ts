import type { CfnOutput, StackNames } from './cfn.types';

/** `legacy-rdb` → `LegacyRdb`: the logical-id stem of a source or subscription. */
export const pascalCase = (name: string): string =>
  name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => `${part[0]?.toUpperCase() ?? ''}${part.slice(1)}`)
    .join('');

/** A physical name: `<service>-<stage>-<suffix>`. */
export const physicalName = (names: StackNames, suffix: string): string =>
  `${names.service}-${names.stage}-${suffix}`;

/** One of the backbone stack's outputs (root serverless.yml): `BusName`, `BusArn` or `AlarmTopicArn`. */
export const backboneImport = (names: StackNames, output: 'BusName' | 'BusArn' | 'AlarmTopicArn') => ({
  'Fn::ImportValue': `${names.backbone}-${names.stage}-${output}`,
});

export const ref = (logicalId: string) => ({ Ref: logicalId });
export const getAtt = (logicalId: string, attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });
export const arnOf = (logicalId: string) => getAtt(logicalId, 'Arn');

/** An output exported as `<service>-<stage>-<logicalId>`. */
export const exported = (
  names: StackNames,
  logicalId: string,
  description: string,
  value: unknown,
): [string, CfnOutput] => [
  logicalId,
  { Description: description, Value: value, Export: { Name: physicalName(names, logicalId) } },
];
