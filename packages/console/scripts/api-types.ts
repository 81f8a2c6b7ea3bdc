// The console's typed client comes from the server's own OpenAPI document: this builds the app,
// reads GET /openapi.json, keeps the Admin API paths and turns them into TypeScript with
// openapi-typescript. `npm run console:api-types` rewrites src/api/schema.d.ts;
// packages/console/test/api-types.test.ts fails when the committed file is not current.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { type OpenAPI3 } from 'openapi-typescript';
import { buildApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/app-config.ts';
import { createServices } from '../../../src/services.ts';
import { openDatabase } from '../../../src/db/database.ts';

export const ADMIN_API_PREFIX = '/admin/api/';
export const SCHEMA_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'api', 'schema.d.ts');

/** The Admin API part of the served OpenAPI document. */
export async function adminOpenApiDocument(): Promise<OpenAPI3> {
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-api-types-'));
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dir, PLAUDIT_SECRET_KEY: 'api-types-key-0123456789abcdef-0123456789' });
  const database = openDatabase(config);
  try {
    const app = await buildApp(createServices(config, database));
    const response = await app.inject({ url: '/openapi.json' });
    await app.close();
    const document = response.json() as OpenAPI3 & { paths: Record<string, unknown> };
    const paths = Object.fromEntries(
      Object.entries(document.paths)
        .filter(([path]) => path.startsWith(ADMIN_API_PREFIX) && !path.includes('{*}'))
        .sort(([a], [b]) => a.localeCompare(b)),
    );
    // The servers entry carries this process's PUBLIC_URL; the types must not depend on it.
    return { ...document, servers: [], paths } as OpenAPI3;
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function generateAdminApiTypes(): Promise<string> {
  const body = await openapiTS(await adminOpenApiDocument(), { exportType: false, alphabetize: true });
  return `// Generated from GET /openapi.json by packages/console/scripts/api-types.ts: do not edit.\n${body}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_FILE, await generateAdminApiTypes());
  console.log(`wrote ${SCHEMA_FILE}`);
}
