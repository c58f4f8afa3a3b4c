// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import BrowserPanel from '../../src/ui/components/BrowserPanel.svelte';
import { frameSource, parseAddress, defaultAddress } from '../../src/ui/viz/browser';
import { Live } from '../../src/ui/viz/live.svelte';
import { editedHost, pulledHost } from '../helpers/walkthrough-host';

const lives: Live[] = [];
afterEach(() => {
  for (const l of lives.splice(0)) l.dispose();
});

/** `shell: null` puts pages in srcdoc: happy-dom does not load the frame shell's URL (and says so). */
function mount(engine: Engine, shell: string | null = null) {
  const live = new Live(engine);
  live.reducedMotion = true;
  lives.push(live);
  const view = render(BrowserPanel, { props: { live, frameShell: shell } });
  return { live, view };
}

/** Lets the engine answer, the Live hand over and Svelte redraw. */
async function settle(): Promise<void> {
  for (let i = 0; i < 6; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await tick();
  }
}

const addressBar = () => screen.getByLabelText('Address') as HTMLInputElement;

async function go(url: string): Promise<void> {
  await fireEvent.input(addressBar(), { target: { value: url } });
  await fireEvent.click(screen.getByRole('button', { name: 'Go' }));
  await settle();
}

/** The served page as the frame gets it: after `#` in the shell's URL, or in srcdoc. */
function framed(container: HTMLElement): { frame: HTMLIFrameElement; html: string } {
  const frame = container.querySelector('iframe')!;
  expect(frame).not.toBeNull();
  const src = frame.getAttribute('src');
  const html = src
    ? decodeURIComponent(src.slice(src.indexOf('#') + 1))
    : (frame.getAttribute('srcdoc') ?? '');
  return { frame, html };
}

describe('the browser panel', () => {
  it("offers the web container's published port: http://localhost:8888", async () => {
    const engine = await editedHost();
    mount(engine);
    await settle();
    expect(addressBar().value).toBe('http://localhost:8888');
  });

  it('shows the served page in a sandboxed frame without same-origin, and names the container layer', async () => {
    const engine = await editedHost();
    // happy-dom does not load frames and logs a NotSupportedError saying so: expected here.
    const { view } = mount(engine, './frame.html');
    await settle();
    await fireEvent.click(screen.getByRole('button', { name: 'Go' }));
    await settle();
    const { frame, html } = framed(view.container);
    expect(frame.getAttribute('src')).toMatch(/^\.\/frame\.html#/);
    const sandbox = frame.getAttribute('sandbox') ?? '';
    expect(sandbox.split(/\s+/)).toEqual(['allow-scripts']);
    expect(sandbox).not.toContain('allow-same-origin');
    // The walkthrough swapped index.html for 50x.html in the container layer.
    expect(html).toMatch(/An error occurred/);
    expect(screen.getByTestId('browser-status')).toHaveTextContent('200 OK');
    expect(screen.getByTestId('served-by')).toHaveTextContent(
      'Served by container web from the container layer (RW)',
    );
    // The page is never part of the app's own document.
    expect(view.container.textContent).not.toMatch(/An error occurred/);
  });

  it("serves nginx's welcome page from an image layer before the swap", async () => {
    const engine = await pulledHost();
    await engine.run({
      image: 'nginx',
      name: 'web',
      ports: [{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8888 }],
    });
    const { view } = mount(engine);
    await settle();
    await go('http://localhost:8888/');
    expect(framed(view.container).html).toMatch(/Welcome to nginx/);
    const nginx = engine.image('nginx');
    expect(screen.getByTestId('served-by').textContent).toMatch(/from layer \d+ of nginx \([0-9a-f]{12}\)/);
    expect(nginx.diffIds.length).toBeGreaterThan(1);
  });

  it('adopts the address of a container that starts publishing, unless the learner has typed one', async () => {
    const engine = await pulledHost();
    mount(engine);
    await settle();
    expect(addressBar().value).toBe('');
    expect(screen.getByText(/No container publishes a port yet/)).toBeInTheDocument();
    await engine.run({
      image: 'nginx',
      name: 'web',
      ports: [{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8080 }],
    });
    await settle();
    expect(addressBar().value).toBe('http://localhost:8080');
    await fireEvent.input(addressBar(), { target: { value: 'localhost:9000' } });
    await engine.run({
      image: 'nginx',
      name: 'two',
      ports: [{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8081 }],
    });
    await settle();
    expect(addressBar().value).toBe('localhost:9000');
  });

  it('shows a connection-refused page for a port nothing listens on', async () => {
    const engine = await editedHost();
    const { view } = mount(engine);
    await settle();
    await go('http://localhost:9999');
    const error = screen.getByTestId('browser-error');
    expect(error).toHaveTextContent('This site can’t be reached');
    expect(error).toHaveTextContent('localhost refused to connect.');
    expect(error).toHaveTextContent('ERR_CONNECTION_REFUSED');
    expect(view.container.querySelector('iframe')).toBeNull();
  });

  it("shows nginx's own 404 page for a missing path", async () => {
    const engine = await editedHost();
    const { view } = mount(engine);
    await settle();
    await go('http://localhost:8888/nope.html');
    expect(screen.getByTestId('browser-status')).toHaveTextContent('404 Not Found');
    expect(framed(view.container).html).toMatch(/<h1>404 Not Found<\/h1>[\s\S]*nginx/);
  });

  it('goes back to the previous address', async () => {
    const engine = await editedHost();
    const { view } = mount(engine);
    await settle();
    await go('http://localhost:8888/');
    await go('http://localhost:8888/gone.html');
    expect(framed(view.container).html).toMatch(/404 Not Found/);
    await fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    await settle();
    expect(addressBar().value).toBe('http://localhost:8888');
    expect(framed(view.container).html).toMatch(/An error occurred/);
    expect(screen.getByRole('button', { name: 'Back' })).toBeDisabled();
  });

  it('refuses an address off this host with a friendly page, asking nothing of the engine', async () => {
    const engine = await editedHost();
    const http = vi.spyOn(engine, 'http');
    mount(engine);
    await settle();
    await go('https://example.com/');
    expect(screen.getByTestId('browser-error')).toHaveTextContent(
      'This browser only reaches containers on this host',
    );
    expect(http).not.toHaveBeenCalled();
  });

  it('shows the page source as text on request', async () => {
    const engine = await editedHost();
    mount(engine);
    await settle();
    await go('http://localhost:8888/nope');
    await fireEvent.click(screen.getByLabelText('View source'));
    expect(screen.getByTestId('page-source').textContent).toContain(
      '<center><h1>404 Not Found</h1></center>',
    );
  });
});

describe('the browser logic', () => {
  it('reads only http addresses on this host, with port 80 by default', () => {
    expect(parseAddress('localhost:8080/a.html')).toMatchObject({ ok: true, port: 8080, path: '/a.html' });
    expect(parseAddress('http://127.0.0.1')).toMatchObject({ ok: true, port: 80, path: '/' });
    expect(parseAddress('http://example.com:8080')).toMatchObject({ ok: false, reason: 'not-local' });
    expect(parseAddress('file:///etc/passwd')).toMatchObject({ ok: false, reason: 'not-local' });
    expect(parseAddress('http://localhost@evil.example/')).toMatchObject({ ok: false, reason: 'not-local' });
  });

  it("prefers the focused container's port", async () => {
    const engine = await editedHost();
    await engine.run({
      image: 'nginx',
      name: 'api',
      ports: [{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 9090 }],
    });
    const api = [...engine.state.containers.values()].find((c) => c.name === 'api')!;
    expect(defaultAddress(engine, null)).toBe('http://localhost:8888');
    expect(defaultAddress(engine, { kind: 'container', id: api.id })).toBe('http://localhost:9090');
  });

  it('hands the page to the frame shell after #, and to srcdoc without a shell', () => {
    expect(frameSource('<p>hi</p>')).toEqual({ src: './frame.html#%3Cp%3Ehi%3C%2Fp%3E' });
    expect(frameSource('<p>hi</p>', null)).toEqual({ srcdoc: '<p>hi</p>' });
  });
});
