/**
 * Typed custom events between components. Declare an event's name and detail once, then
 * dispatch and listen with the compiler checking both ends:
 *
 * @example
 * // in the POS app
 * export const saleCompleted = defineEvent<{ saleId: string }>('xmf-sale-completed');
 * saleCompleted.dispatch(this, { saleId });                 // bubbles, crosses shadow roots
 * const stop = saleCompleted.listen(window, ({ saleId }) => …); stop();
 * html`<xmf-till @xmf-sale-completed=${(e: CustomEvent<{ saleId: string }>) => …}>`
 */
export interface EventType<Detail> {
  readonly name: string;
  /** Dispatches on `target`; bubbling and composed, so parents and the window hear it. */
  dispatch(target: EventTarget, detail: Detail): boolean;
  /** Calls `handler` with each event's detail; returns the function that stops listening. */
  listen(
    target: EventTarget,
    handler: (detail: Detail, event: CustomEvent<Detail>) => void,
  ): () => void;
  /** True for an event of this type, narrowing its detail. */
  is(event: Event): event is CustomEvent<Detail>;
}

export function defineEvent<Detail = void>(name: string): EventType<Detail> {
  return {
    name,
    dispatch(target, detail) {
      return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
    },
    listen(target, handler) {
      const listener = (event: Event) => {
        if (event instanceof CustomEvent)
          handler(event.detail as Detail, event as CustomEvent<Detail>);
      };
      target.addEventListener(name, listener);
      return () => target.removeEventListener(name, listener);
    },
    is(event): event is CustomEvent<Detail> {
      return event.type === name && event instanceof CustomEvent;
    },
  };
}
