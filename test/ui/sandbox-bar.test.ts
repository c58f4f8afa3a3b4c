// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from '@testing-library/svelte';
import SandboxBar from '../../src/ui/components/SandboxBar.svelte';
import { Live } from '../../src/ui/viz/live.svelte';
import { FakeTerminal } from '../helpers/fake-terminal';
import { dumpHost } from '../helpers/dump';
import { pulledHost } from '../helpers/walkthrough-host';

afterEach(() => cleanup());

async function setup() {
  const engine = await pulledHost();
  const live = new Live(engine);
  const terminal = new FakeTerminal(engine);
  render(SandboxBar, { live, terminal, engine });
  return { engine, live, terminal };
}

function fileOf(text: string | Uint8Array, name: string): File {
  return new File([text as BlobPart], name, { type: 'application/json' });
}

describe('SandboxBar', () => {
  it('Undo puts the host back as it was before the last command and restarts the terminal', async () => {
    const { engine, terminal } = await setup();
    const undo = screen.getByRole('button', { name: 'Undo' });
    expect(undo).toBeDisabled();
    const before = dumpHost(engine);
    await terminal.type('docker run -d --name web nginx');
    const afterRun = dumpHost(engine);
    await terminal.type('docker rmi -f redis');
    expect(engine.state.containers.size).toBe(1);
    await waitFor(() => expect(undo).toBeEnabled());

    await fireEvent.click(undo);
    await waitFor(() => expect(terminal.restarts).toEqual(['Undone: docker rmi -f redis']));
    expect(dumpHost(engine)).toEqual(afterRun);

    await fireEvent.click(undo);
    await waitFor(() => expect(terminal.restarts).toHaveLength(2));
    expect(terminal.restarts[1]).toBe('Undone: docker run -d --name web nginx');
    expect(dumpHost(engine)).toEqual(before);
    expect(engine.invariants()).toEqual([]);
    await waitFor(() => expect(undo).toBeDisabled());
  });

  it('Alt+Z undoes, but not while the keyboard is in a text field', async () => {
    const { engine, terminal } = await setup();
    const before = dumpHost(engine);
    await terminal.type('docker run -d nginx');
    const input = document.createElement('input');
    document.body.append(input);
    await fireEvent.keyDown(input, { key: 'z', altKey: true });
    expect(terminal.restarts).toEqual([]);
    await fireEvent.keyDown(document.body, { key: 'z', altKey: true });
    await waitFor(() => expect(terminal.restarts).toHaveLength(1));
    expect(dumpHost(engine)).toEqual(before);
    input.remove();
  });

  it('Reset asks first, then empties the host and restarts the terminal', async () => {
    const { engine, terminal } = await setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(engine.state.images.size).toBe(2);
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(engine.state.images.size).toBe(2);
    expect(screen.queryByTestId('sandbox-reset-confirm')).toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Yes, reset' }));
    await waitFor(() => expect(terminal.restarts).toHaveLength(1));
    expect(engine.state.images.size).toBe(0);
    expect(engine.state.layers.size).toBe(0);
    // Nothing left to undo: the reset starts a new history.
    expect(screen.getByRole('button', { name: 'Undo' })).toBeDisabled();
  });

  it('importing a file that is not a session shows an error and changes nothing', async () => {
    const { engine, terminal } = await setup();
    const before = dumpHost(engine);
    const input = screen.getByTestId('sandbox-import-file') as HTMLInputElement;
    await fireEvent.change(input, { target: { files: [fileOf('{"hello": "world"}', 'notes.json')] } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Could not import notes\.json: .+ Nothing was changed\./);
    expect(dumpHost(engine)).toEqual(before);
    expect(terminal.restarts).toEqual([]);
  });

  it('an exported session imports back into another host', async () => {
    const { engine } = await setup();
    const bytes = await engine.exportSession();
    const other = await (await import('../../src/node/host')).openHost({ seed: 3 });
    const terminal = new FakeTerminal(other.engine);
    cleanup();
    render(SandboxBar, { live: new Live(other.engine), terminal, engine: other.engine });
    await fireEvent.change(screen.getByTestId('sandbox-import-file'), {
      target: { files: [fileOf(bytes, 'layerlab-session.json')] },
    });
    await waitFor(() => expect(terminal.restarts).toEqual(['Session imported from layerlab-session.json.']));
    expect(dumpHost(other.engine)).toEqual(dumpHost(engine));
  });
});
