import { planSeed, type ChaosOp } from './plan';

describe('Function: planSeed', () => {
  it('gives the same history, fault rates and timeline for the same seed, another for another seed', () => {
    expect(planSeed(42)).toEqual(planSeed(42));
    expect(planSeed(43).ops).not.toEqual(planSeed(42).ops);
  });

  it.each([1, 2, 3, 17, 99])(
    'seed %i: only changes the order lifecycle allows, at least one poison change',
    (seed) => {
      // Prepare / Act
      const plan = planSeed(seed, { changes: 200 });
      // Assess: replay the plan against the lifecycle; a poisoned order changes only by its repair.
      const status = new Map<string, string>();
      const before = new Map<string, string>();
      const allowed: Record<string, readonly string[]> = {
        confirm: ['created'],
        ship: ['confirmed'],
        cancel: ['created', 'confirmed'],
        delete: ['created', 'confirmed', 'shipped', 'cancelled'],
        poison: ['created', 'confirmed', 'shipped', 'cancelled'],
        repair: ['poisoned'],
      };
      const next: Record<string, string> = {
        confirm: 'confirmed',
        ship: 'shipped',
        cancel: 'cancelled',
        delete: 'deleted',
      };
      for (const op of plan.ops as ChaosOp[]) {
        if (op.kind === 'create' || op.kind === 'recreate') {
          expect(status.has(op.orderId)).toBe(false);
          if (op.kind === 'recreate') expect(status.get(op.deletedId)).toBe('deleted');
          status.set(op.orderId, 'created');
          continue;
        }
        expect(allowed[op.kind]).toContain(status.get(op.orderId));
        if (op.kind === 'poison') before.set(op.orderId, status.get(op.orderId) as string);
        status.set(
          op.orderId,
          op.kind === 'poison'
            ? 'poisoned'
            : op.kind === 'repair'
              ? (before.get(op.orderId) as string)
              : (next[op.kind] as string),
        );
      }
      expect(plan.ops).toHaveLength(200);
      expect(plan.ops.filter((op) => op.kind === 'poison').length).toBeGreaterThan(0);
      expect(plan.timeline.filter((f) => f.kind === 'kill')).toHaveLength(1);
      expect(plan.timeline.map((f) => f.atOp)).toEqual(
        [...plan.timeline.map((f) => f.atOp)].sort((a, b) => a - b),
      );
    },
  );
});
