import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { disposingAdapterFactory, engineImports, holdEngineTimers } from './engine-handles';

type SchemaEngine = Awaited<ReturnType<typeof bindings.SchemaEngine.new>>;

let loaded: Promise<void> | undefined;

/** The WebAssembly global, typed minimally (this repo's `lib` has no DOM types). */
const wasmApi = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(
        bytes: Uint8Array,
        imports: object,
      ): Promise<{ instance: { exports: Record<string, unknown> } }>;
    };
  }
).WebAssembly;

/**
 * Loads Prisma's schema engine compiled to WebAssembly (`@prisma/schema-engine-wasm`, pinned to
 * the engines version of the installed Prisma): the CLI's native engine cannot be downloaded
 * offline, the WebAssembly build needs no download and talks to the database through a driver adapter.
 */
function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    const bytes = await readFile(
      join(dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm'),
    );
    const { instance } = await wasmApi.instantiate(bytes, {
      './schema_engine_bg.js': engineImports(bindings),
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  })();
  return loaded;
}

/**
 * Runs `work` with a schema engine over `adapterFactory` for the given schema, then frees it and
 * releases what it leaves open (see engine-handles.ts): the process can exit as soon as it is done.
 */
export async function withSchemaEngine<T>(
  schema: { path: string; text: string },
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await loadWasm();
  const releaseTimers = holdEngineTimers();
  const adapters = disposingAdapterFactory(adapterFactory);
  try {
    const engine = await bindings.SchemaEngine.new(
      { datamodels: [[schema.path, schema.text]] },
      () => undefined,
      bindMigrationAwareSqlAdapterFactory(adapters.factory),
    );
    try {
      return await work(engine);
    } finally {
      engine.free();
    }
  } finally {
    await adapters.disposeAll();
    releaseTimers();
  }
}
