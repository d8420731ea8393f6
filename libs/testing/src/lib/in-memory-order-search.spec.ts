import { InMemoryOrderSearch } from './in-memory-order-search';
import { InMemoryProjectionStore } from './in-memory-projection-store';
import { describeOrderSearchContract } from './order-search.contract';

describeOrderSearchContract('InMemoryOrderSearch', async () => {
  const store = new InMemoryProjectionStore();
  return { store, search: new InMemoryOrderSearch(store) };
});
