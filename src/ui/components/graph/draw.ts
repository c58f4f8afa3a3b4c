// Draws a laid-out layer graph into an SVG with d3 keyed joins: layers by ChainID, image tags by image
// id, containers by container id, so a change moves, adds or removes only what changed. Text from the
// engine (names, ids) goes in as text nodes only.

import { select, type Selection } from 'd3-selection';
import 'd3-transition';
import { statusWord, t } from '../../../i18n';
import type { ContainerId, ImageId } from '../../../engine/ids';
import type { GraphLayout, LaidContainer, LaidImage, LaidLayer, LaidLink } from '../../viz/graph-layout';
import { shortDigest } from '../../viz/graph-layout';
import { humanBytes } from '../../viz/format';
import { layerLook } from '../../viz/palette';

export interface DrawState {
  /** The newest cue seen. */
  seen: number;
  /** True until the first draw: nothing slides in when the panel opens. */
  first: boolean;
  /** The ChainID of the newest commit's layer, kept highlighted. */
  fresh?: string | null;
}

export type FocusTarget = { kind: 'image'; id: ImageId } | { kind: 'container'; id: ContainerId };

export interface DrawOptions {
  /** `image:<id>` or `container:<id>` of the focused stack. */
  focus: string | null;
  /** The ChainID of a layer a commit just made, to highlight as it appears. */
  fresh: string | null;
  /** Milliseconds for transitions; 0 = instant (reduced motion). */
  duration: number;
  state: DrawState;
  onFocus: (target: FocusTarget) => void;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

type G<D> = Selection<SVGGElement, D, SVGGElement, unknown>;

function group(svg: SVGSVGElement, cls: string): Selection<SVGGElement, unknown, null, undefined> {
  const root = select(svg);
  const g = root.select<SVGGElement>(`g.${cls}-all`);
  return g.empty() ? root.append('g').attr('class', `${cls}-all`) : g;
}

/** Applies `fn` through a transition when there is time for one, at once otherwise. */
function moveTo<D extends { x: number; y: number }>(sel: G<D>, duration: number): void {
  if (duration > 0)
    sel
      .transition()
      .duration(duration)
      .attr('transform', (d) => `translate(${d.x},${d.y})`)
      .style('opacity', 1);
  else sel.attr('transform', (d) => `translate(${d.x},${d.y})`).style('opacity', 1);
}

function entering<D extends { x: number; y: number }>(sel: G<D>, animate: boolean, rise: number): void {
  sel
    .attr('transform', (d) => `translate(${d.x},${d.y - (animate ? rise : 0)})`)
    .style('opacity', animate ? 0 : 1);
}

/** Fades out and removes; an element on its way out is never joined again (`:not(.exiting)`). */
function leaving<D>(sel: G<D>, duration: number): void {
  if (duration > 0) sel.classed('exiting', true).transition().duration(duration).style('opacity', 0).remove();
  else sel.remove();
}

function activate<D>(sel: G<D>, target: (d: D) => FocusTarget, onFocus: DrawOptions['onFocus']): void {
  sel
    .attr('tabindex', 0)
    .attr('role', 'button')
    .on('click', (_e: MouseEvent, d: D) => onFocus(target(d)))
    .on('keydown', (e: KeyboardEvent, d: D) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onFocus(target(d));
      }
    });
}

export function drawGraph(svg: SVGSVGElement, layout: GraphLayout, o: DrawOptions): void {
  const animate = !o.state.first && o.duration > 0;
  const d = animate ? o.duration : 0;
  o.state.first = false;
  if (o.fresh) o.state.fresh = o.fresh;
  const fresh = o.state.fresh ?? null;

  // Links first, so boxes cover them.
  const links = group(svg, 'links')
    .selectAll<SVGPathElement, LaidLink>('path.link')
    .data(layout.links, (l) => l.key);
  links.exit().remove();
  links
    .enter()
    .append('path')
    .attr('class', (l) => `link ${l.kind}`)
    .merge(links)
    .attr('d', (l) =>
      l.x1 === l.x2 ? `M${l.x1},${l.y1}V${l.y2}` : `M${l.x1},${l.y1}V${(l.y1 + l.y2) / 2}H${l.x2}V${l.y2}`,
    );

  // Layers: one box per ChainID.
  const layers = group(svg, 'layers')
    .selectAll<SVGGElement, LaidLayer>('g.layer:not(.exiting)')
    .data(layout.layers, (l) => l.key);
  leaving(layers.exit() as G<LaidLayer>, d);
  const newLayers = layers
    .enter()
    .append('g')
    .attr('class', 'layer')
    .attr('data-chain', (l) => l.key);
  newLayers.append('rect').attr('class', 'box').attr('rx', 8);
  newLayers.append('text').attr('class', 'id mono').attr('x', 10).attr('y', 22);
  newLayers.append('text').attr('class', 'size small').attr('x', 10).attr('y', 44);
  newLayers.append('title');
  entering(newLayers as G<LaidLayer>, animate, -24);
  const allLayers = newLayers.merge(layers) as G<LaidLayer>;
  allLayers.classed('fresh', (l) => l.key === fresh);
  allLayers
    .select('rect.box')
    .attr('width', (l) => l.w)
    .attr('height', (l) => l.h)
    .attr('fill', (l) => layerLook('image', l.layer.depth).fill);
  allLayers
    .select('text.id')
    .attr('fill', (l) => layerLook('image', l.layer.depth).ink)
    .text((l) => `${layerLook('image', l.layer.depth).badge} ${shortDigest(l.layer.diffId)}`);
  allLayers
    .select('text.size')
    .attr('fill', (l) => layerLook('image', l.layer.depth).ink)
    .text(
      (l) =>
        `${humanBytes(l.layer.size)} · ${l.sharedBy > 1 ? t('graph.sharedBy', { count: l.sharedBy }) : t('graph.ownLayer')}`,
    );
  allLayers.select('title').text((l) => `${l.layer.diffId}\nChainID ${l.key}`);
  allLayers.each(function (l) {
    const g = select(this);
    const has = !g.select('rect.flash').empty();
    if (l.key === fresh && !has) {
      const r = g
        .append('rect')
        .attr('class', 'flash')
        .attr('rx', 10)
        .attr('x', -4)
        .attr('y', -4)
        .attr('width', l.w + 8)
        .attr('height', l.h + 8);
      const label = g
        .append('text')
        .attr('class', 'flash-label small')
        .attr('x', l.w - 10)
        .attr('y', 22)
        .attr('text-anchor', 'end')
        .attr('fill', layerLook('image', l.layer.depth).ink)
        .text(t('graph.new'));
      if (d > 0) {
        r.style('stroke-opacity', 0).transition().delay(d).duration(d).style('stroke-opacity', 1);
        label.style('opacity', 0).transition().delay(d).duration(d).style('opacity', 1);
      }
    } else if (l.key !== fresh && has) g.selectAll('rect.flash, text.flash-label').remove();
  });
  moveTo(allLayers, d);

  // Image tags on their top layers.
  const tags = group(svg, 'tags')
    .selectAll<SVGGElement, LaidImage>('g.tag:not(.exiting)')
    .data(layout.images, (i) => i.key);
  leaving(tags.exit() as G<LaidImage>, d);
  const newTags = tags
    .enter()
    .append('g')
    .attr('class', 'tag')
    .attr('data-image', (i) => i.key);
  newTags.append('rect').attr('class', 'box').attr('rx', 16);
  newTags.append('rect').attr('class', 'ring').attr('rx', 18).attr('x', -3).attr('y', -3);
  newTags.append('text').attr('class', 'name mono').attr('x', 14).attr('y', 24).style('font-weight', 700);
  entering(newTags as G<LaidImage>, animate, -16);
  const allTags = newTags.merge(tags) as G<LaidImage>;
  activate(allTags, (i) => ({ kind: 'image', id: i.key as ImageId }), o.onFocus);
  allTags.classed('focused', (i) => o.focus === `image:${i.key}`);
  allTags
    .attr('aria-current', (i) => (o.focus === `image:${i.key}` ? 'true' : null))
    .attr('aria-label', (i) => {
      const label = t('graph.imageButton', {
        name: i.image.name,
        layers: i.image.layers,
        size: humanBytes(i.image.size),
      });
      return o.focus === `image:${i.key}` ? t('graph.focused', { label }) : label;
    });
  allTags
    .selectAll<SVGRectElement, LaidImage>('rect')
    .attr('width', (i) => i.w)
    .attr('height', (i) => i.h);
  allTags
    .select('rect.ring')
    .attr('width', (i) => i.w + 6)
    .attr('height', (i) => i.h + 6);
  allTags
    .select('text.name')
    .text((i) => (o.focus === `image:${i.key}` ? '▶ ' : '') + clip(i.image.name, 22));
  moveTo(allTags, d);

  // Containers above their image's tag.
  const ctrs = group(svg, 'ctrs')
    .selectAll<SVGGElement, LaidContainer>('g.ctr:not(.exiting)')
    .data(layout.containers, (c) => c.key);
  leaving(ctrs.exit() as G<LaidContainer>, d);
  const newCtrs = ctrs
    .enter()
    .append('g')
    .attr('class', 'ctr')
    .attr('data-container', (c) => c.key);
  newCtrs.append('rect').attr('class', 'box').attr('rx', 4);
  newCtrs.append('rect').attr('class', 'ring').attr('rx', 6).attr('x', -3).attr('y', -3);
  newCtrs.append('text').attr('class', 'name mono').attr('x', 10).attr('y', 21).style('font-weight', 700);
  newCtrs.append('text').attr('class', 'status small').attr('x', 10).attr('y', 42);
  entering(newCtrs as G<LaidContainer>, animate, -16);
  const allCtrs = newCtrs.merge(ctrs) as G<LaidContainer>;
  activate(allCtrs, (c) => ({ kind: 'container', id: c.key as ContainerId }), o.onFocus);
  allCtrs.classed('focused', (c) => o.focus === `container:${c.key}`);
  allCtrs
    .attr('aria-current', (c) => (o.focus === `container:${c.key}` ? 'true' : null))
    .attr('aria-label', (c) => {
      const label = t('graph.containerButton', {
        name: c.container.name,
        status: statusWord(c.container.status),
        size: humanBytes(c.container.size),
      });
      return o.focus === `container:${c.key}` ? t('graph.focused', { label }) : label;
    });
  allCtrs
    .selectAll<SVGRectElement, LaidContainer>('rect')
    .attr('width', (c) => c.w)
    .attr('height', (c) => c.h);
  allCtrs
    .select('rect.ring')
    .attr('width', (c) => c.w + 6)
    .attr('height', (c) => c.h + 6);
  allCtrs
    .select('text.name')
    .text((c) => (o.focus === `container:${c.key}` ? '▶ ' : '') + clip(c.container.name, 20));
  allCtrs
    .select('text.status')
    .text(
      (c) => `${statusWord(c.container.status)} · ${t('graph.rw', { size: humanBytes(c.container.size) })}`,
    );
  moveTo(allCtrs, d);
}
