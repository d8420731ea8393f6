import type { Clock, IdGenerator, OutboxStore } from '@outflow/core-application';
import type { Result, ValidationIssue } from '@outflow/core-domain';
import type { OrderCommand, OrderRule } from '../errors';
import type { OrderState, OrderStatus } from '../order-state';

/** An order as the service returns it: its state and the version it is stored at. */
export interface OrderView {
  readonly order: OrderState;
  /** Starts at 1; +1 per committed change. Pass it back as `expectedVersion` to guard a change. */
  readonly version: number;
}

/** Why a use case did nothing. Every variant carries a message fit for a caller. */
export type OrderFailure =
  /** The input is malformed; `issues` name each bad field. */
  | { readonly kind: 'invalid'; readonly message: string; readonly issues: readonly ValidationIssue[] }
  /** No order has this id. */
  | { readonly kind: 'not-found'; readonly message: string; readonly orderId: string }
  /** The order was deleted (at `version`): it never changes again and its id is never reused. */
  | {
      readonly kind: 'deleted';
      readonly message: string;
      readonly orderId: string;
      readonly version: number;
    }
  /**
   * The order is not at the version the caller expected (an `expectedVersion` that is not current,
   * a concurrent writer, or creating an id that exists). Nothing was written; reload and retry.
   */
  | {
      readonly kind: 'conflict';
      readonly message: string;
      readonly orderId: string;
      readonly currentVersion?: number;
    }
  /** The command breaks a lifecycle rule in the order's current status. Nothing was written. */
  | {
      readonly kind: 'rule';
      readonly message: string;
      readonly orderId: string;
      readonly command: OrderCommand;
      readonly status: OrderStatus;
      readonly rule: OrderRule;
    };

export type OrderResult = Result<OrderView, OrderFailure>;

/** A deleted order as the source holds it: its tombstone's version, kept for ever. */
export interface DeletedOrder {
  readonly orderId: string;
  readonly deleted: true;
  readonly version: number;
}

/** The 'deleted' failure of an order deleted at `version`. */
export const deletedFailure = (orderId: string, version: number): OrderFailure => ({
  kind: 'deleted',
  message: `order ${orderId} was deleted at version ${version}; a deleted order never changes and its id is never reused`,
  orderId,
  version,
});

/** What every order use case needs: where orders live, the time and fresh ids. */
export interface OrderUseCaseDependencies {
  readonly store: OutboxStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}
