// The PostgreSQL-server lane: runs when DATABASE_URL names a server (CI sets it; see .ci/run);
// without it, jest's summary counts these tests as skipped, saying why.
import {
  createTestLegacyDatabase,
  describeLegacyProjectionSuite,
  describeTimeAndVersionsSuite,
  prismaProject,
} from '../testing';

const serverUrl = process.env['DATABASE_URL'];
const describeServer = serverUrl ? describe : describe.skip;
const skipped = serverUrl
  ? ''
  : ' (skipped: DATABASE_URL not set — run with DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres)';

describeServer(`PostgreSQL server lane${skipped}`, () =>
  describeLegacyProjectionSuite('PostgreSQL', () =>
    createTestLegacyDatabase(prismaProject, { kind: 'postgres', serverUrl: serverUrl as string }),
  ),
);

describeServer(`PostgreSQL server lane, time zones and versions${skipped}`, () =>
  describeTimeAndVersionsSuite('PostgreSQL', () =>
    createTestLegacyDatabase(prismaProject, { kind: 'postgres', serverUrl: serverUrl as string }),
  ),
);
