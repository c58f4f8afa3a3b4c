// Read-only handles on the pictures for browser tests and for a curious console: what the live state
// holds now. Like the terminal's hook, it only reads.

import type { Live } from './live.svelte';
import { stackModel } from './model';

export interface VizHook {
  /** The focus as "container:<id>" / "image:<id>", or null. */
  vizFocus(): string | null;
  /** The narrator's sentences so far (the last few). */
  vizLines(): string[];
  /** The focused stack as the engine has it: its name and its layers' kinds, top first. */
  vizStack(): { name: string; kinds: string[] } | null;
  /** Every local image's tags, sorted. */
  vizImages(): string[];
  /** Resolves after the next hand-over and two animation frames: the DOM shows the latest state. */
  vizSettled(): Promise<void>;
}

declare global {
  interface Window {
    __layerlabViz?: VizHook;
  }
}

export function exposeVizHook(live: Live): () => void {
  const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
  const hook: VizHook = {
    vizFocus: () => (live.focus ? `${live.focus.kind}:${live.focus.id}` : null),
    vizLines: () => [...live.lines],
    vizStack: () => {
      const stack = stackModel(live.engine, live.focus);
      return stack ? { name: stack.name, kinds: [...stack.layers].reverse().map((l) => l.kind) } : null;
    },
    vizImages: () => [...live.engine.state.tags.keys()].sort(),
    vizSettled: async () => {
      await frame();
      await frame();
    },
  };
  window.__layerlabViz = hook;
  return () => {
    if (window.__layerlabViz === hook) delete window.__layerlabViz;
  };
}
