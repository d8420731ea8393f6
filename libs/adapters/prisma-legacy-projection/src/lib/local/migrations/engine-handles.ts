// What Prisma's WebAssembly schema engine leaves open after `free()`, and how it is released. Left
// alone, a process that has finished migrating stays alive ~10 s (a CLI hangs; Jest reports open
// handles): the engine leaves a 10 s timer pending, and it never disposes the driver adapters it
// connected (with `@prisma/adapter-pg`, a pg Pool whose idle connection lives 10 s).
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

type Timer = ReturnType<typeof setTimeout>;

/** The engine's timers that have not fired yet. */
const pendingTimers = new Set<Timer>();
let enginesInUse = 0;

function unrefTimersWhenIdle(): void {
  if (enginesInUse > 0) return;
  for (const timer of pendingTimers) timer.unref();
  pendingTimers.clear();
}

/**
 * The engine's WebAssembly imports (`bindings`, the `schema_engine_bg` module) with its
 * `setTimeout` import tracked: once no engine is in use, its pending timers are unref'd — they still
 * fire if the process lives on, but no longer keep it alive. While an engine works they stay
 * referenced, since it may be waiting on one.
 */
export function engineImports(bindings: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...bindings };
  for (const name of Object.keys(bindings).filter((key) => key.startsWith('__wbg_setTimeout_'))) {
    imports[name] = (callback: () => void, ms: number): Timer => {
      const timer: Timer = setTimeout(() => (pendingTimers.delete(timer), callback()), ms >>> 0);
      pendingTimers.add(timer);
      unrefTimersWhenIdle();
      return timer;
    };
  }
  return imports;
}

/** Marks an engine in use until the returned function is called (then its timers are unref'd). */
export function holdEngineTimers(): () => void {
  enginesInUse += 1;
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    enginesInUse -= 1;
    unrefTimersWhenIdle();
  };
}

/**
 * `factory` as the engine should get it: every adapter the engine connects (database and shadow
 * database) is remembered, and `disposeAll()` disposes those the engine did not dispose itself.
 * Failures to dispose are ignored: it is cleanup after the work, whose outcome stands.
 */
export function disposingAdapterFactory(factory: SqlMigrationAwareDriverAdapterFactory): {
  readonly factory: SqlMigrationAwareDriverAdapterFactory;
  disposeAll(): Promise<void>;
} {
  const open = new Set<SqlDriverAdapter>();
  const track = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const dispose = adapter.dispose.bind(adapter);
    open.add(adapter);
    adapter.dispose = () => (open.delete(adapter), dispose());
    return adapter;
  };
  return {
    factory: {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: async () => track(await factory.connect()),
      connectToShadowDb: async () => track(await factory.connectToShadowDb()),
    },
    disposeAll: async () => {
      await Promise.allSettled([...open].map((adapter) => adapter.dispose()));
    },
  };
}
