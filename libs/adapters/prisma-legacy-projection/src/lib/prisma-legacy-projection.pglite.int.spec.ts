import {
  createTestLegacyDatabase,
  describeLegacyProjectionSuite,
  describeTimeAndVersionsSuite,
  prismaProject,
} from '../testing';

describeLegacyProjectionSuite('PGlite', () => createTestLegacyDatabase(prismaProject, { kind: 'pglite' }));

describeTimeAndVersionsSuite('PGlite', () => createTestLegacyDatabase(prismaProject, { kind: 'pglite' }));
