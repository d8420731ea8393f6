import { DynamoDbOutboxStore } from '@outflow/dynamodb-outbox';
import {
  CancelOrder,
  ConfirmOrder,
  CreateOrder,
  GetCustomerSummary,
  GetOrder,
  GetOrdersByStatus,
  ShipOrder,
} from '@outflow/orders';
import { OpenSearchOrderSearch } from '@outflow/opensearch-projection';
import {
  createOrderSearch,
  createOrdersContainer,
  createOrderViews,
  resolveOrderUseCases,
} from './composition-root';
import { readViewsConfig } from './config';
import { TOKENS } from './tokens';

describe('Function: createOrdersContainer', () => {
  it('wires every use case over one DynamoDbOutboxStore', () => {
    // Prepare
    const container = createOrdersContainer({
      tableName: 'orders',
      dynamoDbEndpoint: 'http://127.0.0.1:8000',
    });
    // Act
    const useCases = resolveOrderUseCases(container);
    // Assess
    expect(useCases.createOrder).toBeInstanceOf(CreateOrder);
    expect(useCases.confirmOrder).toBeInstanceOf(ConfirmOrder);
    expect(useCases.shipOrder).toBeInstanceOf(ShipOrder);
    expect(useCases.cancelOrder).toBeInstanceOf(CancelOrder);
    expect(useCases.getOrder).toBeInstanceOf(GetOrder);
    expect(container.get(TOKENS.OutboxStore)).toBeInstanceOf(DynamoDbOutboxStore);
    expect(container.get(TOKENS.OutboxStore)).toBe(container.get(TOKENS.OutboxStore));
  });

  it('points the DynamoDB client at the local endpoint only when one is configured', async () => {
    // Act
    const local = createOrdersContainer({
      tableName: 'orders',
      dynamoDbEndpoint: 'http://127.0.0.1:8000',
    }).get(TOKENS.DynamoDBClient);
    const aws = createOrdersContainer({ tableName: 'orders' }).get(TOKENS.DynamoDBClient);
    // Assess
    expect(await local.config.endpoint?.()).toMatchObject({ hostname: '127.0.0.1', port: 8000 });
    expect(aws.config.endpoint).toBeUndefined();
  });
});

describe('Function: createOrderSearch', () => {
  it('searches the read alias of the configured prefix through OpenSearch', () => {
    const search = createOrderSearch({ endpoint: 'http://127.0.0.1:9200', indexPrefix: 'outflow-local' });
    expect(search).toBeInstanceOf(OpenSearchOrderSearch);
  });
});

describe('Function: createOrderViews', () => {
  it('wires both view use cases over the views table named in VIEWS_TABLE_NAME', () => {
    const views = createOrderViews(
      { tableName: 'orders' },
      readViewsConfig({ VIEWS_TABLE_NAME: 'outflow-views-dev-views' }),
    );
    expect(views.customerSummary).toBeInstanceOf(GetCustomerSummary);
    expect(views.ordersByStatus).toBeInstanceOf(GetOrdersByStatus);
  });

  it('names VIEWS_TABLE_NAME when it is missing', () => {
    expect(() => readViewsConfig({})).toThrow(/VIEWS_TABLE_NAME must be the views table name/);
  });
});
