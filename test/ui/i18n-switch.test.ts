// @vitest-environment happy-dom
// Switching the language in the settings redraws the text already on screen, without remounting.
import '@testing-library/jest-dom/vitest';
import { fireEvent, render, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadLocale, locale, setLocale } from '../../src/i18n';
import LayerGraph from '../../src/ui/components/LayerGraph.svelte';
import Settings from '../../src/ui/components/Settings.svelte';
import StackView from '../../src/ui/components/StackView.svelte';
import UnionTree from '../../src/ui/components/UnionTree.svelte';
import { Live } from '../../src/ui/viz/live.svelte';
import { loadSetting } from '../../src/ui/viz/settings';
import { editedHost, pulledHost } from '../helpers/walkthrough-host';

// Chinese loads on demand in the page; here it is fetched once, before the switches.
beforeAll(() => loadLocale('zh-CN'));

const lives: Live[] = [];
afterEach(() => {
  for (const l of lives.splice(0)) l.dispose();
  setLocale('en');
  localStorage.clear();
  history.replaceState(null, '', '/');
});

function live(engine: Live['engine']): Live {
  const l = new Live(engine);
  l.reducedMotion = true;
  lives.push(l);
  return l;
}

const languageSelect = (root: HTMLElement) => within(root).getByTestId('language') as HTMLSelectElement;

describe('the language switch', () => {
  it('starts in the current language and names each language in itself', async () => {
    const l = live(await pulledHost());
    const { container } = render(Settings, { props: { live: l } });
    const select = languageSelect(container);
    expect(select.value).toBe('en');
    const options = [...select.options].map((o) => [o.value, o.textContent, o.lang]);
    expect(options).toEqual([
      ['en', 'English', 'en'],
      ['zh-CN', '简体中文', 'zh-CN'],
    ]);
  });

  it("changes the settings' labels, the stack's kernel band and the union view at once, the same elements kept", async () => {
    const l = live(await editedHost());
    const settings = render(Settings, { props: { live: l } });
    const stack = render(StackView, { props: { live: l } });
    const tree = render(UnionTree, { props: { live: l } });
    const kernel = stack.getByTestId('kernel');
    const themeLabel = within(settings.container).getByText('Theme');
    expect(kernel).toHaveTextContent('Host kernel (bootfs)');
    expect(tree.container).toHaveTextContent('Combined view');
    expect(document.documentElement.lang).not.toBe('zh-CN');

    await fireEvent.change(languageSelect(settings.container), { target: { value: 'zh-CN' } });
    await tick();

    expect(locale()).toBe('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
    // The very same nodes now say it in Chinese: nothing was remounted.
    expect(stack.getByTestId('kernel')).toBe(kernel);
    expect(kernel).toHaveTextContent('宿主机内核（bootfs 引导文件系统）');
    expect(kernel).toHaveTextContent(l.engine.settings.kernel);
    expect(themeLabel).toHaveTextContent('主题');
    expect(within(settings.container).getByText('动画速度')).toBeInTheDocument();
    expect(within(settings.container).getByRole('form')).toHaveAccessibleName('显示设置');
    expect(stack.getByTestId('focus')).toHaveTextContent('容器 web');
    expect(stack.container).toHaveTextContent('状态：运行中');
    expect(tree.container).toHaveTextContent('合并视图');
    expect(tree.container).not.toHaveTextContent('Combined view');

    await fireEvent.change(languageSelect(settings.container), { target: { value: 'en' } });
    await tick();
    expect(kernel).toHaveTextContent('Host kernel (bootfs)');
    expect(themeLabel).toHaveTextContent('Theme');
    expect(document.documentElement.lang).toBe('en');
  });

  it('redraws the text d3 drew in the layer graph, and the graph around it', async () => {
    const l = live(await editedHost());
    const { container } = render(LayerGraph, { props: { live: l } });
    await tick();
    const svgText = () => container.querySelector('svg')?.textContent ?? '';
    expect(svgText()).toContain('shared by 2');
    expect(svgText()).toContain('running · RW');
    const boxes = container.querySelectorAll('g.layer');

    await setLocale('zh-CN');
    await tick();
    expect(svgText()).toContain('2 个镜像共享');
    expect(svgText()).toContain('运行中 · 可写层');
    expect(svgText()).not.toContain('shared by');
    expect(container.querySelector('[role="button"][aria-label^="镜像 nginx:latest"]')).not.toBeNull();
    expect(container.textContent).toContain('共享层节省了');
    // The same boxes, relabelled.
    const now = [...container.querySelectorAll('g.layer')];
    expect(now).toHaveLength(boxes.length);
    expect(now.every((b, i) => b === boxes[i])).toBe(true);
  });

  it('keeps the choice for the next visit, and a ?lang= link follows it', async () => {
    history.replaceState(null, '', '/?speed=instant&lang=en');
    const l = live(await pulledHost());
    const { container } = render(Settings, { props: { live: l } });
    await fireEvent.change(languageSelect(container), { target: { value: 'zh-CN' } });
    expect(loadSetting('lang')).toBe('zh-CN');
    expect(new URLSearchParams(location.search).get('lang')).toBe('zh-CN');
    expect(new URLSearchParams(location.search).get('speed')).toBe('instant');
  });

  it('leaves the address alone when no ?lang= link chose the language', async () => {
    history.replaceState(null, '', '/?speed=instant');
    const l = live(await pulledHost());
    const { container } = render(Settings, { props: { live: l } });
    await fireEvent.change(languageSelect(container), { target: { value: 'zh-CN' } });
    expect(location.search).toBe('?speed=instant');
  });
});
