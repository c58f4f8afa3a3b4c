// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { fireEvent, render } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { textContent } from '../../src/engine/fs/content';
import UnionTree from '../../src/ui/components/UnionTree.svelte';
import { Live } from '../../src/ui/viz/live.svelte';
import { stackModel, unionChildren } from '../../src/ui/viz/model';
import { HTML, editedHost } from '../helpers/walkthrough-host';

/** Lets the engine's events reach Live (a microtask) and Svelte redraw. */
async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await new Promise<void>((r) => setTimeout(r, 0));
    await tick();
  }
}

const lives: Live[] = [];
afterEach(() => {
  for (const l of lives.splice(0)) l.dispose();
});

function mount(engine: Engine) {
  const live = new Live(engine);
  lives.push(live);
  const view = render(UnionTree, { props: { live } });
  const root = view.getByTestId('union-tree');
  const rows = () => [...root.querySelectorAll<HTMLElement>('[role="treeitem"]')];
  const row = (path: string) => rows().find((el) => el.dataset.key === path);
  const stack = () => stackModel(engine, live.focus)!;
  return { live, view, root, rows, row, stack };
}

async function press(key: string): Promise<void> {
  const el = document.activeElement as HTMLElement;
  await fireEvent.keyDown(el, { key });
  await tick();
}

const focused = () => (document.activeElement as HTMLElement | null)?.dataset.key;

/** Opens `path` from the top with the keyboard alone: type-ahead to each name, Right to expand. */
async function openByKeyboard(rows: () => HTMLElement[], path: string): Promise<void> {
  rows()[0]!.focus();
  const parts = path.split('/').filter(Boolean);
  let at = '';
  for (const [i, part] of parts.entries()) {
    at += `/${part}`;
    for (let tries = 0; focused() !== at && tries < 60; tries++) await press(part[0]!);
    expect(focused()).toBe(at);
    await press('ArrowRight'); // expand
    if (i < parts.length - 1) await press('ArrowRight'); // first child
  }
}

describe('the union tree', () => {
  it('starts collapsed: only the children of / are in the DOM', async () => {
    const engine = await editedHost();
    const { rows, stack } = mount(engine);
    const top = unionChildren(stack().view, '/');
    expect(rows().map((r) => r.dataset.key)).toEqual(top.map((r) => r.path));
    expect(rows().every((r) => r.getAttribute('aria-level') === '1')).toBe(true);
    const usr = rows().find((r) => r.dataset.key === '/usr')!;
    expect(usr).toHaveAttribute('aria-expanded', 'false');
    expect(usr).toHaveAttribute('aria-setsize', String(top.length));
    // One row holds the tab stop (roving tabindex).
    expect(rows().filter((r) => r.tabIndex === 0)).toHaveLength(1);
  });

  it('opens a directory with a click and shows a hovered path in the provenance panel', async () => {
    const engine = await editedHost();
    const { rows, row, live, view } = mount(engine);
    const before = rows().length;
    await fireEvent.click(row('/usr')!);
    expect(row('/usr')).toHaveAttribute('aria-expanded', 'true');
    expect(row('/usr/share')).toHaveAttribute('aria-level', '2');
    expect(rows().length).toBeGreaterThan(before);
    await fireEvent.mouseEnter(row('/bin')!);
    expect(live.selected).toBe('/bin');
    expect(view.getByTestId('provenance')).toHaveTextContent('Layers that have /bin');
    await fireEvent.click(row('/usr')!);
    expect(rows()).toHaveLength(before);
  });

  it('opens /usr/share/nginx/html by keyboard: index.html from the writable layer over nginx’s, index.html.bak, no 50x.html', async () => {
    const engine = await editedHost();
    const { rows, row, stack } = mount(engine);
    await openByKeyboard(rows, HTML);
    const s = stack();
    const index = row(`${HTML}/index.html`)!;
    expect(index).toBeTruthy();
    expect(index).toHaveAttribute('aria-level', '5');
    expect(index.querySelector('.badge')).toHaveTextContent('RW');
    const lower = unionChildren(s.view, HTML).find((r) => r.name === 'index.html')!.shadowed[0]!;
    expect(s.layers[lower]!.kind).toBe('image');
    expect(index.querySelector('.over')).toHaveTextContent(`over L${s.layers[lower]!.n}`);
    expect(row(`${HTML}/index.html.bak`)).toBeTruthy();
    expect(row(`${HTML}/50x.html`)).toBeUndefined();
    // The directories above are marked expanded, and Left goes back up to the parent.
    expect(row(HTML)).toHaveAttribute('aria-expanded', 'true');
    row(`${HTML}/index.html`)!.focus();
    await press('ArrowLeft');
    expect(focused()).toBe(HTML);
    await press('ArrowLeft'); // collapses html
    expect(row(`${HTML}/index.html`)).toBeUndefined();
  });

  it("shows the writable layer's own changes: 50x.html crossed out R, index.html M, index.html.bak A", async () => {
    const engine = await editedHost();
    const { view, rows, row, live, stack } = mount(engine);
    await openByKeyboard(rows, HTML);
    await fireEvent.click(view.getByRole('button', { name: 'This layer’s changes' }));
    expect(live.layerMode).toBe(stack().layers.length - 1);
    expect(view.getByTestId('tree-showing')).toHaveTextContent('Container layer (RW)');
    const gone = row(`${HTML}/50x.html`)!;
    expect(gone).toBeTruthy();
    expect(gone.querySelector('s')).toHaveTextContent('50x.html');
    expect(gone).toHaveTextContent('✕');
    expect(gone.querySelector('.mark')).toHaveTextContent('R');
    expect(gone.querySelector('.mark')).toHaveTextContent('removed');
    expect(row(`${HTML}/index.html`)!.querySelector('.mark')).toHaveTextContent('modified');
    expect(row(`${HTML}/index.html.bak`)!.querySelector('.mark')).toHaveTextContent('added');
    // Directories that only lead to the changes carry no mark.
    expect(row(HTML)!.querySelector('.mark')!.textContent!.trim()).toBe('');
    // Back to the combined view: the whiteout is gone again.
    await fireEvent.click(view.getByRole('button', { name: 'Combined view' }));
    expect(live.layerMode).toBeNull();
    expect(row(`${HTML}/50x.html`)).toBeUndefined();
  });

  it('selecting index.html lists the writable layer as supplying it and nginx’s layer as shadowed', async () => {
    const engine = await editedHost();
    const { view, rows, live, stack } = mount(engine);
    await openByKeyboard(rows, HTML);
    for (let tries = 0; focused() !== `${HTML}/index.html` && tries < 5; tries++) await press('ArrowDown');
    await press('Enter');
    expect(live.selected).toBe(`${HTML}/index.html`);
    const s = stack();
    const prov = view.getByTestId('provenance');
    expect(prov).toHaveTextContent(`Layers that have ${HTML}/index.html`);
    const supplies = prov.querySelector<HTMLElement>('[data-state="supplies"]')!;
    expect(supplies.dataset.layer).toBe(String(s.layers.length - 1));
    expect(supplies).toHaveTextContent('RW');
    expect(supplies).toHaveTextContent('Container layer');
    const shadowed = prov.querySelector<HTMLElement>('[data-state="shadowed"]')!;
    const lower = s.layers[Number(shadowed.dataset.layer)]!;
    expect(lower.kind).toBe('image');
    expect(shadowed).toHaveTextContent(`L${lower.n}`);
    expect(shadowed).toHaveTextContent('shadowed');
    // A whiteout reads "deleted here".
    live.selected = `${HTML}/50x.html`;
    await tick();
    expect(prov.querySelector('[data-state="whiteout"]')).toHaveTextContent('deleted here');
  });

  it('marks a directory made again over a deleted one as opaque', async () => {
    const engine = await editedHost();
    const { rows, row } = mount(engine);
    await engine.changeFs('web', (u) => {
      u.remove(HTML);
      u.mkdir(HTML, { mode: 0o755, uid: 0, gid: 0, mtime: 1 });
      u.writeFile(`${HTML}/new.html`, textContent('<p>new</p>'), { mtime: 1 });
    });
    await settle();
    await openByKeyboard(rows, '/usr/share/nginx');
    const html = row(HTML)!;
    expect(html.querySelector('.opaque')).toHaveTextContent('opaque');
    expect(row('/usr/share/nginx')!.querySelector('.opaque')).toBeNull();
  });

  it('expands to the file an HTTP request served and marks its row', async () => {
    const engine = await editedHost();
    const { row, live } = mount(engine);
    expect(row(`${HTML}/index.html`)).toBeUndefined();
    const res = await engine.http(8888, '/');
    expect(res?.status).toBe(200);
    await settle();
    const served = row(`${HTML}/index.html`)!;
    expect(served).toBeTruthy();
    expect(served).toHaveClass('served');
    expect(served).toHaveClass('pulse');
    expect(served).not.toHaveClass('still');
    expect(served).toHaveTextContent('served');
    expect(row(HTML)).toHaveAttribute('aria-expanded', 'true');
    expect(live.selected).toBe(`${HTML}/index.html`);
    // The served row takes the tab stop, so the keyboard lands on it.
    expect(served.tabIndex).toBe(0);
  });

  it('flashes a row that changes inside an expanded directory (a still highlight under reduced motion)', async () => {
    const engine = await editedHost();
    const { rows, row, live } = mount(engine);
    live.reducedMotion = true;
    await openByKeyboard(rows, '/etc/nginx');
    expect(row('/etc/nginx/nginx.conf')).not.toHaveClass('pulse');
    await engine.changeFs('web', (u) => u.chmod('/etc/nginx/nginx.conf', 0o600));
    await settle();
    const conf = row('/etc/nginx/nginx.conf')!;
    expect(conf).toHaveClass('pulse');
    // Reduced motion: a still highlight, no animation.
    expect(conf).toHaveClass('still');
    expect(conf.querySelector('.badge')).toHaveTextContent('RW');
  });

  it('shows a file name made of HTML as text, never as an element', async () => {
    const engine = await editedHost();
    const name = '<img src=x onerror=alert(1)>';
    const { root, row } = mount(engine);
    await engine.changeFs('web', (u) => u.writeFile(`/${name}`, textContent('x'), { mtime: 1 }));
    await settle();
    const el = row(`/${name}`)!;
    expect(el).toBeTruthy();
    expect(el.querySelector('.name')!.textContent).toBe(name);
    expect(root.querySelector('img')).toBeNull();
  });

  it('lists a big directory a page at a time, with a "show more" row', async () => {
    const engine = await editedHost();
    await engine.changeFs('web', (u) => {
      u.mkdir('/big', { mode: 0o755, uid: 0, gid: 0, mtime: 1 });
      for (let i = 0; i < 350; i++)
        u.writeFile(`/big/f${String(i).padStart(3, '0')}`, textContent('x'), { mtime: 1 });
    });
    const { rows, row } = mount(engine);
    await openByKeyboard(rows, '/big');
    const count = () => rows().filter((r) => r.dataset.key?.startsWith('/big/')).length;
    expect(count()).toBe(300);
    const more = row('more:/big')!;
    expect(more).toHaveTextContent('Show 50 more (50 not shown)');
    more.focus();
    await press('Enter');
    expect(count()).toBe(350);
    expect(row('more:/big')).toBeUndefined();
    expect(focused()).toBe('/big/f300');
  });
  it('expanding /usr/share/doc adds only its rows (a page of them) to the DOM', async () => {
    const engine = await editedHost();
    const { root, rows, stack } = mount(engine);
    await openByKeyboard(rows, '/usr/share/doc');
    const v = stack().view;
    const count = (dir: string) => unionChildren(v, dir).length;
    const doc = count('/usr/share/doc');
    expect(doc).toBeGreaterThan(100);
    const shownDoc = Math.min(doc, 300) + (doc > 300 ? 1 : 0);
    expect(rows()).toHaveLength(count('/') + count('/usr') + count('/usr/share') + shownDoc);
    // Seven or so elements a row, nothing for the collapsed rest of the ~6,800 entries.
    expect(root.querySelectorAll('*').length).toBeLessThan(rows().length * 10);
  });
});
