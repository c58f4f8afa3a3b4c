// The inside of the stack drawing that d3 owns: an overlay above the bands (which Svelte owns) where
// chips fly from a layer into the writable layer, bands flash, and a committed layer slides down.
// Elements are pooled and reused; only transform and opacity are animated. Text is set with
// textContent (file names are container data).

import { easeCubicOut } from 'd3-ease';
import { select } from 'd3-selection';
import 'd3-transition';

export interface Timing {
  /** Milliseconds an animation of `ms` at 1× takes now (0 under reduced motion). */
  duration(ms: number): number;
  /** Milliseconds between two steps (and how long a chip stays): not motion, so never 0. */
  pause(ms: number): number;
}

export type Action =
  | {
      readonly type: 'chip';
      /** copy-up, whiteout, opaque, write, remove: a data attribute for styles and tests. */
      readonly kind: string;
      readonly icon: string;
      readonly name: string;
      readonly detail: string;
      /** The band the chip starts from (copy-up), or null to appear in the writable band. */
      readonly from: number | null;
      readonly struck: boolean;
      /** Pulse the writable band when the chip lands. */
      readonly pulse: boolean;
    }
  | { readonly type: 'more'; readonly text: string }
  | { readonly type: 'slide-upper' }
  | { readonly type: 'flash'; readonly band: number; readonly text: string }
  | {
      readonly type: 'commit';
      readonly frozen: string;
      readonly badge: string;
      readonly label: string;
      readonly fill: string;
    };

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const GAP = 450;
const FLY = 600;
const HOLD = 1100;
const FADE = 250;
const FLASH = 700;

const translate = (x: number, y: number) => `translate(${Math.round(x)}px, ${Math.round(y)}px)`;

export class StackAnimator {
  private readonly chips: HTMLElement[] = [];
  private readonly flashes = new Map<string, HTMLElement>();
  private ghost: HTMLElement | null = null;

  constructor(
    private readonly area: HTMLElement,
    private readonly overlay: HTMLElement,
    private readonly timing: Timing,
  ) {}

  /** Plays a batch one action after the other; a new batch cuts the previous one short. */
  play(actions: readonly Action[]): void {
    this.stopAll();
    const gap = this.timing.pause(GAP);
    let chip = 0;
    actions.forEach((a, i) => {
      const start = i * gap;
      switch (a.type) {
        case 'chip':
          this.chip(chip++, a, start);
          break;
        case 'more':
          this.more(chip++, a.text, start);
          break;
        case 'slide-upper':
          this.slideUpper(start);
          break;
        case 'flash':
          this.flash(String(a.band), this.bandBox(this.band(a.band)), a.text, start);
          break;
        case 'commit':
          this.commit(a, start);
          break;
      }
    });
    for (let k = chip; k < this.chips.length; k++) this.hide(this.chips[k] as HTMLElement);
  }

  /** Stops every animation (the view goes away, or a new batch comes). */
  stopAll(): void {
    for (const c of this.chips) select(c).interrupt('chip').interrupt('chip-out');
    for (const f of this.flashes.values()) select(f).interrupt('flash').interrupt('flash-out');
    if (this.ghost) select(this.ghost).interrupt('ghost');
    const upper = this.band('upper');
    if (upper) select(upper).interrupt('slide').style('transform', null).style('opacity', null);
  }

  destroy(): void {
    this.stopAll();
    this.overlay.replaceChildren();
    this.chips.length = 0;
    this.flashes.clear();
    this.ghost = null;
  }

  /** Lights up an element outside the overlay (a pull row's flash frame): longer for "Already exists". */
  flashElement(el: HTMLElement, long: boolean): void {
    select(el)
      .interrupt('row')
      .style('opacity', '1')
      .transition('row')
      .delay(this.timing.pause(long ? HOLD * 1.5 : HOLD / 2))
      .duration(this.timing.duration(FADE * 2))
      .style('opacity', '0');
  }

  // ---- geometry ----
  private band(which: number | 'upper' | 'init'): HTMLElement | null {
    const sel = typeof which === 'number' ? `[data-band-index="${which}"]` : `[data-band-kind="${which}"]`;
    return this.area.querySelector<HTMLElement>(sel);
  }

  private bandBox(el: HTMLElement | null): Box {
    if (!el) return { x: 0, y: 0, w: 0, h: 0 };
    const a = this.area.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return { x: r.left - a.left, y: r.top - a.top, w: r.width, h: r.height };
  }

  // ---- pooled elements ----
  private chipAt(k: number): HTMLElement {
    let el = this.chips[k];
    if (!el) {
      el = document.createElement('div');
      el.className = 'chip';
      el.dataset.chip = '';
      for (const part of ['icon', 'name', 'detail']) {
        const span = document.createElement('span');
        span.className = part;
        el.append(span);
      }
      this.overlay.append(el);
      this.chips[k] = el;
    }
    return el;
  }

  private fill(
    el: HTMLElement,
    kind: string,
    icon: string,
    name: string,
    detail: string,
    struck: boolean,
  ): void {
    el.dataset.kind = kind;
    el.dataset.active = '';
    el.hidden = false;
    el.classList.toggle('struck', struck);
    const [i, n, d] = el.children as unknown as HTMLElement[];
    if (i) i.textContent = icon;
    if (n) n.textContent = name;
    if (d) {
      d.textContent = detail;
      d.hidden = detail === '';
    }
  }

  private hide(el: HTMLElement): void {
    el.hidden = true;
    delete el.dataset.active;
    el.style.opacity = '0';
  }

  /** Where a chip lands: at the right end of the writable band, clear of its title. */
  private landing(el: HTMLElement): Box {
    const b = this.bandBox(this.band('upper'));
    const w = el.offsetWidth;
    return { x: Math.max(b.x + 4, b.x + b.w - w - 10), y: b.y + 4, w: b.w, h: b.h };
  }

  // ---- actions ----
  private chip(k: number, a: Extract<Action, { type: 'chip' }>, start: number): void {
    const el = this.chipAt(k);
    this.fill(el, a.kind, a.icon, a.name, a.detail, a.struck);
    const to = this.landing(el);
    const src = a.from === null ? to : this.bandBox(this.band(a.from));
    const from = a.from === null ? to : { x: src.x + 8, y: src.y + 4, w: src.w, h: src.h };
    const fly = this.timing.duration(FLY);
    const sel = select(el).interrupt('chip').interrupt('chip-out');
    const pulse = () => {
      if (a.pulse) this.flash('upper', this.bandBox(this.band('upper')), '', 0);
    };
    if (start === 0 && fly === 0) {
      sel.style('opacity', '1').style('transform', translate(to.x, to.y));
      pulse();
    } else {
      sel
        .style('opacity', '0')
        .style('transform', translate(from.x, from.y))
        .transition('chip')
        .delay(start)
        .duration(0)
        .style('opacity', '1')
        .transition()
        .duration(fly)
        .ease(easeCubicOut)
        .style('transform', translate(to.x, to.y))
        .on('end', pulse);
    }
    this.fadeLater(el, start + fly + this.timing.pause(HOLD));
  }

  private more(k: number, text: string, start: number): void {
    const el = this.chipAt(k);
    this.fill(el, 'more', '', text, '', false);
    const to = this.landing(el);
    const sel = select(el)
      .interrupt('chip')
      .interrupt('chip-out')
      .style('transform', translate(to.x, to.y + 8));
    if (start === 0) sel.style('opacity', '1');
    else sel.style('opacity', '0').transition('chip').delay(start).duration(0).style('opacity', '1');
    this.fadeLater(el, start + 2 * this.timing.pause(HOLD));
  }

  private fadeLater(el: HTMLElement, at: number): void {
    const fade = this.timing.duration(FADE);
    // Chained after what is scheduled on the element, so the fade never cuts its flight short.
    const sel = select(el);
    const t = sel.transition('chip-out').delay(at).duration(fade).style('opacity', '0');
    t.on('end', () => this.hide(el));
  }

  private flash(key: string, box: Box, text: string, start: number): void {
    let el = this.flashes.get(key);
    if (!el) {
      el = document.createElement('div');
      el.className = 'flash';
      el.dataset.flash = key;
      const label = document.createElement('span');
      el.append(label);
      this.overlay.append(el);
      this.flashes.set(key, el);
    }
    el.style.width = `${Math.round(box.w)}px`;
    el.style.height = `${Math.round(box.h)}px`;
    el.dataset.text = text;
    const label = el.firstElementChild as HTMLElement;
    label.textContent = text;
    label.hidden = text === '';
    const d = this.timing.duration(FLASH);
    const hold = this.timing.pause(HOLD);
    const sel = select(el)
      .interrupt('flash')
      .interrupt('flash-out')
      .style('transform', translate(box.x, box.y));
    el.hidden = false;
    if (start === 0) sel.style('opacity', '1');
    else
      sel
        .style('opacity', '0')
        .transition('flash')
        .delay(start)
        .duration(d / 3)
        .style('opacity', '1');
    // A labelled flash stays readable for a while; a bare pulse is quick.
    sel
      .transition('flash-out')
      .delay(start + (text ? hold : Math.max(d / 3, this.timing.pause(300))))
      .duration(d)
      .style('opacity', '0')
      .on('end', () => {
        if (el) el.hidden = true;
      });
  }

  private slideUpper(start: number): void {
    const el = this.band('upper');
    const d = this.timing.duration(FLY);
    if (!el || d === 0) return;
    select(el)
      .interrupt('slide')
      .style('opacity', '0')
      .style('transform', 'translate(0px, -48px)')
      .transition('slide')
      .delay(start)
      .duration(d)
      .ease(easeCubicOut)
      .style('opacity', '1')
      .style('transform', 'translate(0px, 0px)')
      .on('end', () => {
        el.style.transform = '';
        el.style.opacity = '';
      });
  }

  private commit(a: Extract<Action, { type: 'commit' }>, start: number): void {
    const upper = this.bandBox(this.band('upper'));
    const init = this.bandBox(this.band('init'));
    this.flash('upper', upper, a.frozen, start);
    let el = this.ghost;
    if (!el) {
      el = document.createElement('div');
      el.className = 'ghost';
      el.dataset.ghost = '';
      const badge = document.createElement('span');
      badge.className = 'badge';
      const label = document.createElement('span');
      label.className = 'label';
      el.append(badge, label);
      this.overlay.append(el);
      this.ghost = el;
    }
    const [badge, label] = el.children as unknown as HTMLElement[];
    if (badge) badge.textContent = a.badge;
    if (label) label.textContent = a.label;
    el.style.setProperty('--ghost-fill', a.fill);
    el.style.width = `${Math.round(upper.w)}px`;
    el.hidden = false;
    const freeze = this.timing.pause(FLASH);
    const slide = this.timing.duration(FLY * 1.5);
    const sel = select(el).interrupt('ghost').style('transform', translate(upper.x, upper.y));
    const appear = start + freeze;
    if (appear === 0) sel.style('opacity', '1');
    else sel.style('opacity', '0');
    sel
      .transition('ghost')
      .delay(appear)
      .duration(0)
      .style('opacity', '1')
      .transition()
      .duration(slide)
      .ease(easeCubicOut)
      .style('transform', translate(init.x, init.y))
      .transition()
      .delay(this.timing.pause(HOLD * 2))
      .duration(this.timing.duration(FADE))
      .style('opacity', '0')
      .on('end', () => {
        if (el) el.hidden = true;
      });
  }
}
