// @vitest-environment happy-dom
// The update path on the page: a new worker that installs while an older one controls the page is
// offered in UpdateBanner; Reload asks it to take over and the page reloads once when it has.
import '@testing-library/jest-dom/vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import UpdateBanner from '../../src/ui/components/UpdateBanner.svelte';
import { setLocale } from '../../src/i18n';
import { watchRegistration } from '../../src/ui/offline';
import { offlineState } from '../../src/ui/offline-state.svelte';

class FakeWorker extends EventTarget {
  state: ServiceWorkerState = 'installing';
  postMessage = vi.fn();
  become(state: ServiceWorkerState): void {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}

class FakeRegistration extends EventTarget {
  installing: FakeWorker | null = null;
  waiting: FakeWorker | null = null;
  update = vi.fn(async () => undefined);
  /** A new worker is found and starts installing. */
  found(): FakeWorker {
    const worker = new FakeWorker();
    this.installing = worker;
    this.dispatchEvent(new Event('updatefound'));
    return worker;
  }
}

class FakeContainer extends EventTarget {
  constructor(public controller: FakeWorker | null) {
    super();
  }
}

function setup(opts: { controlled: boolean; waiting?: boolean }) {
  const registration = new FakeRegistration();
  if (opts.waiting) registration.waiting = new FakeWorker();
  const container = new FakeContainer(opts.controlled ? new FakeWorker() : null);
  const reload = vi.fn();
  watchRegistration(
    registration as unknown as ServiceWorkerRegistration,
    container as unknown as ServiceWorkerContainer,
    reload,
  );
  render(UpdateBanner);
  return { registration, container, reload };
}

const reloadButton = () => screen.queryByRole('button', { name: 'Reload' });

beforeEach(() => {
  offlineState.updateReady = false;
  offlineState.reloading = false;
  setLocale('en');
});

describe('UpdateBanner and the update path', () => {
  it('shows nothing while no new version is waiting', () => {
    setup({ controlled: true });
    expect(screen.queryByTestId('update-banner')).toBeNull();
  });

  it('does not offer the first install as an update (no worker controlled the page)', async () => {
    const { registration } = setup({ controlled: false });
    registration.found().become('installed');
    await tick();
    expect(screen.queryByTestId('update-banner')).toBeNull();
  });

  it('offers a new version that installed while an older one controls the page', async () => {
    const { registration } = setup({ controlled: true });
    const worker = registration.found();
    await tick();
    expect(reloadButton()).toBeNull();
    worker.become('installed');
    await tick();
    expect(screen.getByTestId('update-banner')).toHaveTextContent('A new version of Layer Lab is ready');
    expect(reloadButton()).toBeVisible();
  });

  it('offers a version already waiting from an earlier visit', async () => {
    setup({ controlled: true, waiting: true });
    await tick();
    expect(reloadButton()).toBeVisible();
  });

  it('Reload asks the waiting worker to take over, then reloads the page once when it has', async () => {
    const { registration, container, reload } = setup({ controlled: true });
    const worker = registration.found();
    worker.become('installed');
    await tick();
    await fireEvent.click(reloadButton()!);
    expect(worker.postMessage).toHaveBeenCalledWith({ type: 'SKIP_WAITING' });
    expect(reloadButton()).toBeDisabled();
    expect(reload).not.toHaveBeenCalled();
    container.dispatchEvent(new Event('controllerchange'));
    container.dispatchEvent(new Event('controllerchange'));
    expect(reload).toHaveBeenCalledOnce();
  });

  it('never reloads on a change of worker the learner did not ask for', () => {
    const { container, reload } = setup({ controlled: false });
    container.dispatchEvent(new Event('controllerchange'));
    expect(reload).not.toHaveBeenCalled();
  });

  it('speaks Chinese when the page does', async () => {
    setup({ controlled: true, waiting: true });
    await setLocale('zh-CN');
    await tick();
    expect(screen.getByTestId('update-banner')).toHaveTextContent('Layer Lab 新版本已就绪');
    expect(screen.getByRole('button', { name: '重新加载' })).toBeVisible();
  });
});
