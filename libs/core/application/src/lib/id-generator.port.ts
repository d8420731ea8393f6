/** Unique identifiers for events and aggregates. */
export interface IdGenerator {
  next(): string;
}

export const randomIds: IdGenerator = { next: () => globalThis.crypto.randomUUID() };
