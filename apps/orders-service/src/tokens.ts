import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Clock, IdGenerator, OutboxStore } from '@outflow/core-application';
import type {
  CancelOrder,
  ConfirmOrder,
  CreateOrder,
  DeleteOrder,
  GetOrder,
  ShipOrder,
} from '@outflow/orders';
import type { ServiceIdentifier } from 'inversify';
import type { OrdersServiceConfig } from './config';

/** Dependency-injection tokens of orders-service (used only by the composition root). */
export const TOKENS = {
  Config: Symbol.for('orders-service.Config') as ServiceIdentifier<OrdersServiceConfig>,
  DynamoDBClient: Symbol.for('orders-service.DynamoDBClient') as ServiceIdentifier<DynamoDBClient>,
  OutboxStore: Symbol.for('orders-service.OutboxStore') as ServiceIdentifier<OutboxStore>,
  Clock: Symbol.for('orders-service.Clock') as ServiceIdentifier<Clock>,
  IdGenerator: Symbol.for('orders-service.IdGenerator') as ServiceIdentifier<IdGenerator>,
  CreateOrder: Symbol.for('orders-service.CreateOrder') as ServiceIdentifier<CreateOrder>,
  ConfirmOrder: Symbol.for('orders-service.ConfirmOrder') as ServiceIdentifier<ConfirmOrder>,
  ShipOrder: Symbol.for('orders-service.ShipOrder') as ServiceIdentifier<ShipOrder>,
  CancelOrder: Symbol.for('orders-service.CancelOrder') as ServiceIdentifier<CancelOrder>,
  GetOrder: Symbol.for('orders-service.GetOrder') as ServiceIdentifier<GetOrder>,
  DeleteOrder: Symbol.for('orders-service.DeleteOrder') as ServiceIdentifier<DeleteOrder>,
} as const;
