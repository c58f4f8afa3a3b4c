// The union of a stack of immutable layers, merged once (lazily) by the image-spec rules and kept:
// layers never change, so neither does their union. Containers put more on top with `with()`.

import type { EntrySource, Layer } from './layer';
import { compareNames, join } from './path';
import type { Found, Hidden } from './view';
import { View } from './view';

interface Merged {
  found: Map<string, Found>;
  kids: Map<string, Set<string>>;
  hidden: Map<string, Hidden>;
}

export class Union extends View {
  readonly sources: readonly EntrySource[];
  private merged: Merged | undefined;
  private sortedNames = new Map<string, readonly string[]>();

  constructor(readonly layers: readonly Layer[]) {
    super();
    this.sources = layers;
  }

  private build(): Merged {
    const found = new Map<string, Found>();
    const kids = new Map<string, Set<string>>([['/', new Set()]]);
    const hidden = new Map<string, Hidden>();
    const parentOf = (p: string) => p.slice(0, Math.max(1, p.lastIndexOf('/')));
    const drop = (p: string, why: Hidden) => {
      const f = found.get(p);
      if (!f) return;
      if (f.entry.type === 'dir') for (const n of kids.get(p) ?? []) drop(join(p, n), why);
      kids.delete(p);
      found.delete(p);
      kids.get(parentOf(p))?.delete(p.slice(p.lastIndexOf('/') + 1));
      hidden.set(p, why);
    };
    const put = (p: string, f: Found) => {
      found.set(p, f);
      hidden.delete(p);
      const parent = parentOf(p);
      let set = kids.get(parent);
      if (!set) kids.set(parent, (set = new Set()));
      set.add(p.slice(p.lastIndexOf('/') + 1));
      if (f.entry.type === 'dir' && !kids.has(p)) kids.set(p, new Set());
    };
    this.layers.forEach((layer, i) => {
      for (const [p, e] of layer.walk()) {
        const before = found.get(p);
        const shadowed = before ? [before.layer, ...before.shadowed] : [];
        if (e.type === 'whiteout') {
          drop(p, { layer: i, by: 'whiteout' });
          continue;
        }
        if (e.type === 'dir' && before?.entry.type === 'dir') {
          if (e.opaque)
            for (const n of [...(kids.get(p) ?? [])]) drop(join(p, n), { layer: i, by: 'opaque' });
          found.set(p, { entry: e, layer: i, shadowed });
          continue;
        }
        if (before) drop(p, { layer: i, by: 'replaced' });
        put(p, { entry: e, layer: i, shadowed });
      }
    });
    return { found, kids, hidden };
  }

  private get m(): Merged {
    return (this.merged ??= this.build());
  }

  lookup(path: string): Found | undefined {
    return this.m.found.get(path);
  }

  names(dir: string): readonly string[] {
    let out = this.sortedNames.get(dir);
    if (!out) {
      out = [...(this.m.kids.get(dir) ?? [])].sort(compareNames);
      this.sortedNames.set(dir, out);
    }
    return out;
  }

  why(path: string): Hidden | undefined {
    return this.m.hidden.get(path);
  }

  /** How many paths the merged tree holds. */
  get size(): number {
    return this.m.found.size;
  }
}
