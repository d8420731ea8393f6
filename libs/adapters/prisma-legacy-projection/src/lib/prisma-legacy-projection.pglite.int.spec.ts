import { createTestLegacyDatabase, describeLegacyProjectionSuite, prismaProject } from '../testing';

describeLegacyProjectionSuite('PGlite', () => createTestLegacyDatabase(prismaProject, { kind: 'pglite' }));
