// Prisma CLI configuration. Used as `npx prisma <command> --config prisma/prisma.config.ts`
// (the npm scripts `prisma:generate` and `prisma:migrate-deploy` pass it for you).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres' },
});
