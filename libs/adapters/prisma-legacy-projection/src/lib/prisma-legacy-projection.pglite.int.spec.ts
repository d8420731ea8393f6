import {
  createTestLegacyDatabase,
  describeLegacyProjectionSuite,
  prismaProject,
} from './legacy-projection.suite';

describeLegacyProjectionSuite('PGlite', () => createTestLegacyDatabase(prismaProject, { kind: 'pglite' }));
