// The PostgreSQL-server lane. jest.config.cjs runs this file only when DATABASE_URL is set and
// says so when it is not (CI sets it; see .ci/run).
import { createTestLegacyDatabase, describeLegacyProjectionSuite, prismaProject } from '../testing';

const serverUrl = process.env['DATABASE_URL'] as string;
describeLegacyProjectionSuite('PostgreSQL', () =>
  createTestLegacyDatabase(prismaProject, { kind: 'postgres', serverUrl }),
);
