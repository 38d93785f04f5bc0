// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { defineEvent } from './events.js';

describe('defineEvent', () => {
  it('dispatches a typed detail that bubbles to listeners above, until stopped', () => {
    const saleCompleted = defineEvent<{ saleId: string }>('xmf-sale-completed');
    const parent = document.createElement('div');
    const child = document.createElement('span');
    parent.append(child);
    const heard: string[] = [];
    const stop = saleCompleted.listen(parent, ({ saleId }) => heard.push(saleId));
    saleCompleted.dispatch(child, { saleId: 's-1' });
    stop();
    saleCompleted.dispatch(child, { saleId: 's-2' });
    expect(heard).toEqual(['s-1']);
  });

  it('recognises its own events only', () => {
    const opened = defineEvent('xmf-opened');
    expect(opened.is(new CustomEvent('xmf-opened'))).toBe(true);
    expect(opened.is(new CustomEvent('xmf-closed'))).toBe(false);
    expect(opened.is(new Event('xmf-opened'))).toBe(false);
  });
});
