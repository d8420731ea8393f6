/**
 * What happened to one change (or one message) at a downstream. Expected outcomes are values,
 * not exceptions: runtimes map `failed` to a partial batch failure and everything else to success.
 */
export type ChangeOutcome =
  | { readonly kind: 'applied' }
  | { readonly kind: 'stale'; readonly heldVersion: number }
  | { readonly kind: 'duplicate' }
  | {
      readonly kind: 'failed';
      readonly reason: string;
      /**
       * True when delivering the message again cannot help (oversized, malformed, undecodable):
       * a runtime sends it to its DLQ at once instead of retrying it until `maxReceiveCount`.
       */
      readonly permanent?: true;
    };

export const applied: ChangeOutcome = Object.freeze({ kind: 'applied' });
export const duplicate: ChangeOutcome = Object.freeze({ kind: 'duplicate' });
export const stale = (heldVersion: number): ChangeOutcome => ({ kind: 'stale', heldVersion });
export const failed = (reason: string): ChangeOutcome => ({ kind: 'failed', reason });
/** A failure no redelivery can cure (the message itself is bad): dead-lettered at once, never retried. */
export const permanentFailure = (reason: string): ChangeOutcome => ({
  kind: 'failed',
  reason,
  permanent: true,
});
