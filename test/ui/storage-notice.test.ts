// @vitest-environment happy-dom
// The storage notice in the header (StorageNotice.svelte): nothing while the host is saved; when the
// store fills up during a command, which command was undone and that the host now runs in memory; the
// actions each kind of trouble offers; and "Start afresh" only after a confirmation.
import '@testing-library/jest-dom/vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { MemoryStore, StoreError } from '../../src/engine/store';
import type { Store, TxOp } from '../../src/engine/store';
import { openHost } from '../../src/node/host';
import StorageNotice from '../../src/ui/components/StorageNotice.svelte';
import { rememberStorage } from '../../src/ui/host';
import { FakeTerminal } from '../helpers/fake-terminal';

afterEach(() => cleanup());

/** A store that is full from its `fullFrom`th write on, as a browser's quota would make it. */
class FillingStore implements Store {
  readonly kind = 'indexeddb' as const;
  private readonly inner = new MemoryStore();
  writes = 0;
  constructor(private readonly fullFrom: number) {}
  load() {
    return this.inner.load();
  }
  async apply(ops: readonly TxOp[]) {
    if (++this.writes >= this.fullFrom)
      throw new StoreError('quota', "nothing was written: the browser's storage for this site is full");
    return this.inner.apply(ops);
  }
  close() {
    return this.inner.close();
  }
}

async function hostOn(store?: Store): Promise<{ engine: Engine; terminal: FakeTerminal }> {
  const { engine } = await openHost({ seed: 3, store });
  const terminal = new FakeTerminal(engine);
  render(StorageNotice, { engine, terminal });
  return { engine, terminal };
}

describe('StorageNotice', () => {
  it('shows nothing while every command is saved', async () => {
    const { terminal } = await hostOn(new FillingStore(99));
    await terminal.type('docker pull alpine');
    expect(screen.queryByTestId('storage-notice')).toBeNull();
  });

  it('a full store: names the command undone, says the saved copy is as before it, and offers Export', async () => {
    const { engine, terminal } = await hostOn(new FillingStore(2));
    await terminal.type('docker pull alpine');
    const failed = await terminal.type('docker pull busybox');
    expect(failed.exitCode).not.toBe(0);
    const text = await screen.findByRole('alert');
    await waitFor(() => expect(text).toHaveTextContent('“docker pull busybox” was undone'));
    expect(text).toHaveTextContent('storage for this site is full');
    expect(text).toHaveTextContent('exactly as it was before that command');
    expect(screen.getByTestId('storage-notice')).toHaveAttribute('data-kind', 'full');
    expect(screen.getByRole('button', { name: 'Export session' })).toBeEnabled();
    expect(screen.queryByTestId('storage-afresh')).toBeNull();
    expect(screen.queryByTestId('storage-export-read')).toBeNull();

    // Running it again works, in memory, and the notice stays (nothing is saved any more).
    expect((await terminal.type('docker pull busybox')).exitCode).toBe(0);
    expect(engine.listImages()).toHaveLength(2);
    expect(engine.saving).toBe(false);
    expect(screen.getByTestId('storage-notice-text')).toHaveTextContent('“docker pull busybox” was undone');
  });

  it('a newer database offers its export; a damaged one lists what was left out and deletes only after a confirmation', async () => {
    const { engine } = await openHost({ seed: 4 });
    rememberStorage(engine, { kind: 'newer', reason: 'made by a newer Layer Lab (schema 9)' });
    const newer = render(StorageNotice, { engine });
    expect(screen.getByTestId('storage-notice-text')).toHaveTextContent('newer Layer Lab (schema 9)');
    expect(screen.getByRole('button', { name: 'Export what could be read' })).toBeInTheDocument();
    expect(screen.queryByTestId('storage-afresh')).toBeNull();
    newer.unmount();

    const { engine: other } = await openHost({ seed: 5 });
    rememberStorage(other, { kind: 'damaged', leftOut: ['image sha256:aa: its config is missing'] });
    render(StorageNotice, { engine: other });
    expect(screen.getByTestId('storage-notice-text')).toHaveTextContent('Left out (1):');
    expect(screen.getByTestId('storage-left-out')).toHaveTextContent(
      'image sha256:aa: its config is missing',
    );
    const afresh = screen.getByRole('button', { name: 'Start afresh (delete the saved host)…' });
    expect(afresh).toHaveAttribute('aria-expanded', 'false');
    await fireEvent.click(afresh);
    expect(afresh).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('alertdialog')).toHaveTextContent('Delete the saved host for good');
    await fireEvent.click(screen.getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });
});
