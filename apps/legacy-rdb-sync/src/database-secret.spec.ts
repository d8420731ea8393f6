import { databaseUrlFromSecret } from './database-secret';

describe('Function: databaseUrlFromSecret', () => {
  const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:legacy';

  it('takes a url field as is', () => {
    expect(databaseUrlFromSecret('{"url":"postgresql://u:p@h:5432/legacy"}', arn)).toBe(
      'postgresql://u:p@h:5432/legacy',
    );
  });

  it('builds the URL from RDS-managed credentials, escaping the password', () => {
    const secret = JSON.stringify({
      username: 'app',
      password: 'p@ss/word',
      host: 'db.internal',
      port: 6543,
      dbname: 'legacy',
    });
    expect(databaseUrlFromSecret(secret, arn)).toBe('postgresql://app:p%40ss%2Fword@db.internal:6543/legacy');
  });

  it('names the secret and the missing fields', () => {
    expect(() => databaseUrlFromSecret('{"username":"app"}', arn)).toThrow(
      `secret ${arn} lacks password, host (or a "url")`,
    );
    expect(() => databaseUrlFromSecret('not json', arn)).toThrow(`secret ${arn} is not JSON`);
  });
});
