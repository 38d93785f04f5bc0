import { describe, expect, test } from 'vitest';
import { UpdateGate } from './update-gate.js';

function setup() {
  const world = { cartLines: 0, unsynced: 0, activated: 0, reloaded: 0 };
  const gate = new UpdateGate(
    { cartLines: () => world.cartLines, unsynced: () => Promise.resolve(world.unsynced) },
    {
      activateWaiting: () => {
        world.activated += 1;
        return Promise.resolve();
      },
      reload: () => {
        world.reloaded += 1;
      },
    },
  );
  return { world, gate };
}

describe('the update gate', () => {
  test('a waiting version is applied only with an empty cart and a drained outbox', async () => {
    const { world, gate } = setup();
    expect(await gate.applyWhenSafe()).toBe('nothing');
    gate.updateFound();
    world.cartLines = 2;
    world.unsynced = 3;
    expect(await gate.applyWhenSafe()).toBe('blocked');
    expect(await gate.blockedBy()).toEqual({ cartLines: 2, unsynced: 3 });
    world.cartLines = 0;
    expect(await gate.applyWhenSafe()).toBe('blocked');
    world.cartLines = 1;
    world.unsynced = 0;
    expect(await gate.applyWhenSafe()).toBe('blocked');
    expect(world.activated).toBe(0);
    world.cartLines = 0;
    expect(await gate.applyWhenSafe()).toBe('applied');
    expect(world.activated).toBe(1);
    expect(await gate.applyWhenSafe()).toBe('applied');
    expect(world.activated).toBe(1);
  });

  test('another tab’s update taking control reloads this tab only when it is safe', async () => {
    const { world, gate } = setup();
    world.cartLines = 1;
    gate.controllerChanged();
    await Promise.resolve();
    expect(world.reloaded).toBe(0);
    world.cartLines = 0;
    expect(await gate.applyWhenSafe()).toBe('applied');
    expect(world.reloaded).toBe(1);
    expect(world.activated).toBe(0);
  });

  test('after this tab activated the update, the new worker taking control reloads the page', async () => {
    const { world, gate } = setup();
    gate.updateFound();
    expect(await gate.applyWhenSafe()).toBe('applied');
    expect(world.activated).toBe(1);
    expect(world.reloaded).toBe(0);
    gate.controllerChanged();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(world.reloaded).toBe(1);
  });
});
