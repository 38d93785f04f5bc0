// @vitest-environment happy-dom
import { html, LitElement, render } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from './api/client.js';
import { LoadController } from './load-controller.js';

const words = { loading: '加载中', loadError: '出错了', retry: '重试', offline: '离线' };

/** A promise the test settles by hand, to order answers as it likes. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

class LoadHost extends LitElement {
  answers: ReturnType<typeof deferred<string>>[] = [];
  preset: string | undefined;
  readonly loader = new LoadController(
    this,
    () => {
      const next = deferred<string>();
      this.answers.push(next);
      return next.promise;
    },
    { initial: () => this.preset },
  );
  protected override createRenderRoot() {
    return this;
  }
  override render() {
    return this.loader.render(words, (value) => html`<p class="value">${value}</p>`);
  }
}
customElements.define('load-host', LoadHost);

async function mounted(preset?: string): Promise<LoadHost> {
  const host = document.createElement('load-host') as LoadHost;
  host.preset = preset;
  document.body.append(host);
  await host.updateComplete;
  return host;
}

const settle = () => new Promise((done) => setTimeout(done, 0));

afterEach(() => {
  document.body.innerHTML = '';
});

describe('LoadController', () => {
  it('loads on connect: a status while loading, the value once ready', async () => {
    const host = await mounted();
    expect(host.querySelector('[role="status"]')?.textContent).toBe('加载中');
    host.answers[0]!.resolve('三月');
    await settle();
    await host.updateComplete;
    expect(host.querySelector('.value')?.textContent).toBe('三月');
    expect(host.loader.value).toBe('三月');
  });

  it('shows a failure with a retry button that loads again', async () => {
    const host = await mounted();
    host.answers[0]!.reject(new Error('500'));
    await settle();
    await host.updateComplete;
    expect(host.querySelector('[role="alert"]')?.textContent).toBe('出错了');
    host.querySelector('button')!.click();
    expect(host.answers).toHaveLength(2);
    host.answers[1]!.resolve('四月');
    await settle();
    await host.updateComplete;
    expect(host.querySelector('.value')?.textContent).toBe('四月');
  });

  it('says offline when the network was the cause', async () => {
    const host = await mounted();
    host.answers[0]!.reject(new NetworkError(new TypeError('Failed to fetch')));
    await settle();
    await host.updateComplete;
    expect(host.querySelector('[role="alert"]')?.textContent).toBe('离线');
  });

  it('drops a slower, older answer: the latest run wins', async () => {
    const host = await mounted();
    void host.loader.run();
    host.answers[1]!.resolve('newer');
    await settle();
    host.answers[0]!.resolve('older');
    await settle();
    await host.updateComplete;
    expect(host.loader.value).toBe('newer');
  });

  it('does not load what it was given', async () => {
    const host = await mounted('given');
    expect(host.answers).toHaveLength(0);
    expect(host.querySelector('.value')?.textContent).toBe('given');
  });
});

describe('LoadController without a host element', () => {
  it('renders through any ReactiveControllerHost', async () => {
    let updates = 0;
    const host = {
      addController: () => undefined,
      removeController: () => undefined,
      requestUpdate: () => void (updates += 1),
      updateComplete: Promise.resolve(true),
    };
    const loader = new LoadController(host, () => Promise.resolve(7), { auto: false });
    await loader.run();
    expect(loader.state).toEqual({ status: 'ready', value: 7 });
    expect(updates).toBe(2);
    const target = document.createElement('div');
    render(
      loader.render(words, (value) => html`${value * 2}`),
      target,
    );
    expect(target.textContent).toBe('14');
  });
});
