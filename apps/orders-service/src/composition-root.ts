import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  randomIds,
  systemClock,
  type Clock,
  type IdGenerator,
  type OrderSearch,
  type OutboxStore,
} from '@outflow/core-application';
import { DynamoDbOutboxStore } from '@outflow/dynamodb-outbox';
import { DynamoDbViewReader } from '@outflow/dynamodb-views';
import { createOpenSearchClient, OpenSearchOrderSearch } from '@outflow/opensearch-projection';
import {
  CancelOrder,
  ConfirmOrder,
  CreateOrder,
  DeleteOrder,
  GetCustomerSummary,
  GetOrder,
  GetOrdersByStatus,
  ordersViewDefinition,
  ShipOrder,
} from '@outflow/orders';
import { Container } from 'inversify';
import {
  readConfig,
  readSearchConfig,
  readViewsConfig,
  type OrdersSearchConfig,
  type OrdersServiceConfig,
  type OrdersViewsConfig,
} from './config';
import { TOKENS } from './tokens';

/** The use cases the HTTP handlers drive. */
export interface OrderUseCases {
  readonly createOrder: CreateOrder;
  readonly confirmOrder: ConfirmOrder;
  readonly shipOrder: ShipOrder;
  readonly cancelOrder: CancelOrder;
  readonly getOrder: GetOrder;
  readonly deleteOrder: DeleteOrder;
}

function dynamoDbClient(config: OrdersServiceConfig): DynamoDBClient {
  if (!config.dynamoDbEndpoint) return new DynamoDBClient({});
  // DynamoDB Local (-sharedDb) ignores credentials and region, but the SDK still signs requests.
  return new DynamoDBClient({
    endpoint: config.dynamoDbEndpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/**
 * Wires orders-service from a validated config; every binding is a factory and a singleton.
 *
 * @internal Exported for the composition-root spec, which checks the wiring directly.
 */
export function createOrdersContainer(config: OrdersServiceConfig): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(TOKENS.Config).toConstantValue(config);
  container.bind(TOKENS.DynamoDBClient).toResolvedValue(dynamoDbClient, [TOKENS.Config]);
  container
    .bind(TOKENS.OutboxStore)
    .toResolvedValue(
      (c: OrdersServiceConfig, client: DynamoDBClient) =>
        new DynamoDbOutboxStore({ tableName: c.tableName, client }),
      [TOKENS.Config, TOKENS.DynamoDBClient],
    );
  container.bind(TOKENS.Clock).toConstantValue(systemClock);
  container.bind(TOKENS.IdGenerator).toConstantValue(randomIds);
  const deps = [TOKENS.OutboxStore, TOKENS.Clock, TOKENS.IdGenerator] as const;
  const use =
    <T>(build: (d: { store: OutboxStore; clock: Clock; ids: IdGenerator }) => T) =>
    (store: OutboxStore, clock: Clock, ids: IdGenerator) =>
      build({ store, clock, ids });
  container.bind(TOKENS.CreateOrder).toResolvedValue(
    use((d) => new CreateOrder(d)),
    [...deps],
  );
  container.bind(TOKENS.ConfirmOrder).toResolvedValue(
    use((d) => new ConfirmOrder(d)),
    [...deps],
  );
  container.bind(TOKENS.ShipOrder).toResolvedValue(
    use((d) => new ShipOrder(d)),
    [...deps],
  );
  container.bind(TOKENS.CancelOrder).toResolvedValue(
    use((d) => new CancelOrder(d)),
    [...deps],
  );
  container.bind(TOKENS.DeleteOrder).toResolvedValue(
    use((d) => new DeleteOrder(d)),
    [...deps],
  );
  container
    .bind(TOKENS.GetOrder)
    .toResolvedValue((store: OutboxStore) => new GetOrder({ store }), [TOKENS.OutboxStore]);
  return container;
}

/**
 * Resolves the use cases from a container.
 *
 * @internal Exported for the composition-root spec, which checks the wiring directly.
 */
export function resolveOrderUseCases(container: Container): OrderUseCases {
  return {
    createOrder: container.get(TOKENS.CreateOrder),
    confirmOrder: container.get(TOKENS.ConfirmOrder),
    shipOrder: container.get(TOKENS.ShipOrder),
    cancelOrder: container.get(TOKENS.CancelOrder),
    getOrder: container.get(TOKENS.GetOrder),
    deleteOrder: container.get(TOKENS.DeleteOrder),
  };
}

let wired: OrderUseCases | undefined;

/**
 * The use cases of this process, wired on first use from `process.env` (read and validated once;
 * a missing key fails the request with a log naming it, and is read again on the next request).
 */
export function orderUseCases(): OrderUseCases {
  wired ??= resolveOrderUseCases(createOrdersContainer(readConfig(process.env)));
  return wired;
}

/**
 * The order search of the search route: OpenSearch's read alias `<prefix>-orders-read`, signed
 * for the config's Region (AWS) or unsigned (local emulator, OPENSEARCH_URL).
 *
 * @internal Exported for the composition-root spec.
 */
export function createOrderSearch(config: OrdersSearchConfig): OrderSearch {
  const client = createOpenSearchClient({
    endpoint: config.endpoint,
    ...(config.region ? { region: config.region } : {}),
  });
  return new OpenSearchOrderSearch({ client, indexPrefix: config.indexPrefix });
}

let search: OrderSearch | undefined;

/**
 * The order search of this process, wired on first use from `process.env` (OPENSEARCH_ENDPOINT,
 * OPENSEARCH_INDEX_PREFIX; validated once, a bad key fails the request with a log naming it).
 */
export function orderSearch(): OrderSearch {
  search ??= createOrderSearch(readSearchConfig(process.env));
  return search;
}

/** The use cases of the view routes. */
export interface OrderViewUseCases {
  readonly customerSummary: GetCustomerSummary;
  readonly ordersByStatus: GetOrdersByStatus;
}

/**
 * The view use cases over views-sync's table (read-only: BatchGetItem), through the service's
 * DynamoDB client (DynamoDB Local when DYNAMODB_ENDPOINT is set).
 *
 * @internal Exported for the composition-root spec.
 */
export function createOrderViews(config: OrdersServiceConfig, views: OrdersViewsConfig): OrderViewUseCases {
  const reader = new DynamoDbViewReader({
    client: dynamoDbClient(config),
    tableName: views.tableName,
    definitions: [ordersViewDefinition],
  });
  return {
    customerSummary: new GetCustomerSummary({ views: reader }),
    ordersByStatus: new GetOrdersByStatus({ views: reader }),
  };
}

let viewUseCases: OrderViewUseCases | undefined;

/** The view use cases of this process, wired on first use from `process.env` (TABLE_NAME, VIEWS_TABLE_NAME). */
export function orderViews(): OrderViewUseCases {
  viewUseCases ??= createOrderViews(readConfig(process.env), readViewsConfig(process.env));
  return viewUseCases;
}
