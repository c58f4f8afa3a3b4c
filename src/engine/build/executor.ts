// docker build, as BuildKit's dockerfile frontend and solver do it, one step after another: each stage
// starts from its base (a local image, one fetched from the registry, `scratch` or an earlier stage);
// metadata instructions change the image config and add history; RUN, COPY, ADD and WORKDIR run on a
// fresh writable layer over the stage's layers, and what they change becomes the step's layer. Every
// step result is kept in the build cache, keyed by its parent and inputs, so an unchanged step is
// `CACHED` and reuses its layer. The solve-status stream (vertexes, statuses, logs) is emitted as it
// goes, timed by a modelled clock so that the same build prints the same times.
// The shell that runs RUN lives in the cli: it is handed in as `runner`.

import type { Core } from '../core';
import { DockerError } from '../errors';
import type { BuildStepMark } from '../events';
import { Upper } from '../fs/upper';
import type { View } from '../fs/view';
import { Layer } from '../fs/layer';
import { Union } from '../fs/union';
import { contentBytes } from '../fs/content';
import type { Entry } from '../fs/entry';
import type { ChainId, DiffId, ImageId } from '../ids';
import { asDiffId, asImageId } from '../ids';
import { findImage, setTag } from '../images';
import { newCacheId, unionOf } from '../layers';
import { EMPTY_LAYER_DIFF_ID, diffIdOf } from '../oci/digest';
import { parseConfig } from '../oci/config';
import { familiarName, fullName, parseReference, withDefaultTag } from '../reference';
import { initLayer } from '../runtime/init-layer';
import { isBindMount } from '../runtime/container-fs';
import type { BuildCacheRec, ImageRec, LayerRec } from '../state';
import type { BuildContext } from './context';
import { contentDigest, notFoundError, randomId, randomRefId } from './context';
import { cacheHit, cacheKey, remember } from './cache';
import { copyFromView, copyHeredoc, destPath, resolveInView, type Owner } from './copy';
import {
  type Dockerfile,
  type Instruction,
  type Stage,
  expandInstruction,
  expandWord,
  globalArgValues,
  instructionText,
  isParseError,
  parseDockerfile,
  LexError,
  stageLabel,
  stageStepTotal,
  stepName,
} from './dockerfile';
import {
  DEFAULT_PATH,
  addEnv,
  cloneImage,
  commitToHistory,
  emptyImage,
  exportConfigBytes,
  fillCreated,
  fromBaseConfig,
  goList,
  goQuoteList,
  goSetMap,
  type StageImage,
} from './image-config';
import { goDuration, healthTest, parseDuration, parseSignal, quoteRune } from './go-values';
import type { BuildEvent, BuildVertex } from './status';

/** What a RUN step hands to the shell: a writable layer over the stage, and how to run in it. */
export interface BuildRunJob {
  /** The step's writable layer; its lower view is the stage's layers plus the sandbox's own files. */
  readonly upper: Upper;
  readonly argv: readonly string[];
  /** `K=V`: the image's Env and the stage's ARG values, as the process sees them. */
  readonly env: readonly string[];
  readonly workdir: string;
  /** USER as written (`nobody`, `1000:1000`), '' for root. */
  readonly user: string;
  readonly hostname: string;
  /** Output of the process, as it is written. */
  log(stream: 1 | 2, text: string): void;
  readonly signal?: AbortSignal;
}

/** Runs a RUN step's process to its end; returns its exit status. */
export type BuildRunner = (job: BuildRunJob) => Promise<number>;

export interface BuildRequest {
  /** The context the CLI read; its Dockerfile is parsed here, after `load build definition`. */
  readonly context: BuildContext;
  /** `-t` values, validated: `name:tag` as the engine stores tags. */
  readonly tags: readonly string[];
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly noCache?: boolean;
  readonly runner: BuildRunner;
  readonly signal?: AbortSignal;
}

export interface BuildFailure {
  /** What follows `ERROR: failed to solve: `. */
  readonly message: string;
  /** Dockerfile lines of the failing instruction, for the excerpt. */
  readonly lines?: { start: number; end: number };
}

export interface BuildResult {
  readonly imageId: ImageId | null;
  /** Full names the image was given: `docker.io/library/site:1`. */
  readonly named: readonly string[];
  readonly steps: readonly BuildStepMark[];
  readonly error?: BuildFailure;
}

/** A failure that ends the build with BuildKit's text (not an internal error). */
class SolveError extends Error {
  constructor(
    message: string,
    readonly lines?: { start: number; end: number },
  ) {
    super(message);
  }
}

const PREDEFINED_ARGS: Record<string, string> = {
  BUILDPLATFORM: 'linux/amd64',
  BUILDOS: 'linux',
  BUILDARCH: 'amd64',
  BUILDVARIANT: '',
  TARGETPLATFORM: 'linux/amd64',
  TARGETOS: 'linux',
  TARGETARCH: 'amd64',
  TARGETVARIANT: '',
};

/** Modelled durations (ms): what a real build of this size on a laptop takes, not what the VM takes. */
const COST = {
  definition: 30,
  metadata: 600,
  dockerignore: 20,
  context: 20,
  contextBytesPerMs: 50_000,
  run: 180,
  runLine: 3,
  copy: 40,
  workdir: 20,
  layerBytesPerMs: 100_000,
  exportLayers: 120,
  writeImage: 10,
  pullBytesPerMs: 12_500,
} as const;

// ---- the solve-status stream and its clock ----

class Progress {
  private offset = 0;
  private readonly clock0: number;
  private readonly start: number;
  private vertexCount = 0;

  constructor(
    private readonly core: Core,
    private readonly signal?: AbortSignal,
  ) {
    this.start = this.clock0 = core.platform.clock.now();
  }

  now(): number {
    return this.start + this.offset + (this.core.platform.clock.now() - this.clock0);
  }

  /** Lets `ms` pass: waited for at the realistic speeds, only counted at 'instant'. */
  /** Counts `ms` at 'instant' only (what happens in between is not waited for). */
  tick(ms: number): void {
    if (this.core.settings.speed === 'instant') this.offset += Math.round(ms);
  }

  async spend(ms: number): Promise<void> {
    const whole = Math.round(ms);
    if (whole <= 0) return;
    if (this.core.settings.speed === 'instant') this.offset += whole;
    else
      await this.core.sleep(this.core.settings.speed === 'classroom-slow' ? whole * 2 : whole, this.signal);
  }

  emit(event: BuildEvent): void {
    this.core.events.emit({ type: 'build-status', event });
  }

  vertex(name: string): VertexRun {
    const digest = `sha256:${this.core.sha256Hex(`layerlab-vertex ${this.vertexCount++} ${name}`)}`;
    return new VertexRun(this, { digest, name });
  }
}

class VertexRun {
  constructor(
    private readonly p: Progress,
    readonly v: BuildVertex,
  ) {}
  private send(): void {
    this.p.emit({ type: 'vertex', vertex: { ...this.v } });
  }
  start(): this {
    this.v.started = this.p.now();
    this.send();
    return this;
  }
  done(cached = false): void {
    if (this.v.started === undefined) this.v.started = this.p.now();
    this.v.completed = this.p.now();
    if (cached) this.v.cached = true;
    this.send();
  }
  fail(error: string): void {
    if (this.v.started === undefined) this.v.started = this.p.now();
    this.v.completed = this.p.now();
    this.v.error = error;
    this.send();
  }
  /** A sub-task shown under the step; `finish` marks it done at once. */
  status(id: string, opts: { current?: number; total?: number; finish?: boolean } = {}): void {
    const t = this.p.now();
    this.p.emit({
      type: 'status',
      status: {
        vertex: this.v.digest,
        id,
        ...(opts.current !== undefined ? { current: opts.current } : {}),
        ...(opts.total !== undefined ? { total: opts.total } : {}),
        timestamp: t,
        started: t,
        ...(opts.finish ? { completed: t } : {}),
      },
    });
  }
  statusDone(id: string, started: number, opts: { current?: number; total?: number } = {}): void {
    const t = this.p.now();
    this.p.emit({
      type: 'status',
      status: {
        vertex: this.v.digest,
        id,
        ...(opts.current !== undefined ? { current: opts.current } : {}),
        ...(opts.total !== undefined ? { total: opts.total } : {}),
        timestamp: t,
        started,
        completed: t,
      },
    });
  }
  log(stream: 1 | 2, data: string): void {
    this.p.emit({ type: 'log', log: { vertex: this.v.digest, stream, data, timestamp: this.p.now() } });
  }
}

// ---- stages ----

interface StageState {
  readonly stage: Stage;
  readonly name: string;
  image: StageImage;
  /** The ARG/ENV values instructions expand against and RUN sees. */
  env: Map<string, string>;
  /** ARGs declared in this stage (and its base stages), in order: RUN's `|N K=V` prefix. */
  buildArgs: { key: string; value?: string }[];
  /** The cache key of the stage's current state. */
  key: string;
  cmdSet: boolean;
  index: number;
  total: number;
  label: string;
  done: boolean;
}

function envMap(env: readonly string[] | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of env ?? []) {
    const i = e.indexOf('=');
    m.set(i < 0 ? e : e.slice(0, i), i < 0 ? '' : e.slice(i + 1));
  }
  return m;
}

function envList(env: ReadonlyMap<string, string>): string[] {
  return [...env].map(([k, v]) => `${k}=${v}`);
}

const lines = (i: Instruction) => ({ start: i.startLine, end: i.endLine });

/** Go's path.Clean of an absolute path. */
function cleanAbs(p: string): string {
  const out: string[] = [];
  for (const c of p.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return '/' + out.join('/');
}

/** The whole-stack Layer of an image made of `diffIds` (empty for scratch). */
function stackView(core: Core, diffIds: readonly DiffId[]): View {
  return diffIds.length === 0 ? new Union([]) : unionOf(core, diffIds);
}

// ---- the build ----

export class Builder {
  private readonly progress: Progress;
  private readonly steps: BuildStepMark[] = [];
  private readonly states = new Map<number, StageState>();
  private contextVertexShown = false;
  private readonly globalArgs: Map<string, string>;
  private escape = '\\';
  private df!: Dockerfile;
  /** Base images by the name FROM gave, resolved once. */
  private readonly bases = new Map<
    string,
    { image: StageImage; name: string; imageId: ImageId; fetched: boolean }
  >();

  constructor(
    private readonly core: Core,
    private readonly req: BuildRequest,
  ) {
    this.progress = new Progress(core, req.signal);
    this.globalArgs = new Map();
  }

  async run(): Promise<BuildResult> {
    const { context } = this.req;
    const p = this.progress;
    const def = p.vertex(`[internal] load build definition from ${context.dockerfile.name}`).start();
    const dfBytes = new TextEncoder().encode(context.dockerfile.text).length;
    await p.spend(COST.definition);
    def.status(`transferring dockerfile: ${dfBytes}B`, { finish: true });
    def.done();

    const df = parseDockerfile(context.dockerfile.text);
    if (isParseError(df)) {
      const where = df.startLine > 0 ? { lines: { start: df.startLine, end: df.endLine } } : {};
      return this.result(null, { message: df.message, ...where });
    }
    this.df = df;
    this.escape = df.escapeToken;
    try {
      return await this.solve(df);
    } catch (e) {
      if (e instanceof SolveError)
        return this.result(null, { message: e.message, ...(e.lines ? { lines: e.lines } : {}) });
      if (e instanceof DockerError) return this.result(null, { message: e.message });
      if (e instanceof LexError) return this.result(null, { message: e.message });
      throw e;
    }
  }

  private result(imageId: ImageId | null, error?: BuildFailure, named: string[] = []): BuildResult {
    this.core.events.emit({
      type: 'build-done',
      imageId,
      tags: imageId ? [...this.req.tags] : [],
      steps: [...this.steps],
    });
    return { imageId, named, steps: [...this.steps], ...(error ? { error } : {}) };
  }

  private async solve(df: Dockerfile): Promise<BuildResult> {
    const p = this.progress;
    const target = this.targetIndex(df);
    let globals: Map<string, string>;
    try {
      globals = globalArgValues(df, this.req.buildArgs ?? {}, {
        ...PREDEFINED_ARGS,
        TARGETSTAGE: df.stages[target]?.name ?? '',
      });
    } catch (e) {
      if (e instanceof LexError) throw new SolveError(e.message);
      throw e;
    }
    for (const [k, v] of globals) this.globalArgs.set(k, v);

    // Which stages the target needs, and each one's base name.
    const baseNames = df.stages.map((st) => {
      let name: string;
      try {
        name = expandWord(st.from.image, this.globalArgs, { escapeToken: this.escape });
      } catch (e) {
        if (e instanceof LexError) throw new SolveError(e.message, lines(st.from));
        throw e;
      }
      if (name === '')
        throw new SolveError(`base name (${st.from.image}) should not be blank`, lines(st.from));
      return name;
    });
    const stageByName = (name: string, before: number): number => {
      const lower = name.toLowerCase();
      for (let i = before - 1; i >= 0; i--) if (df.stages[i]?.name === lower) return i;
      return -1;
    };
    const needed = new Set<number>();
    const visit = (i: number): void => {
      if (needed.has(i)) return;
      needed.add(i);
      const base = stageByName(baseNames[i] as string, i);
      if (base >= 0) visit(base);
      for (const instr of df.stages[i]?.instructions ?? []) {
        if (instr.kind !== 'COPY' || instr.from === undefined) continue;
        const from = this.expandFrom(instr.from, i);
        const n = /^\d+$/.test(from) ? Number(from) : stageByName(from, df.stages.length);
        if (n >= 0 && n < df.stages.length) visit(n);
      }
    };
    visit(target);

    // [internal] load metadata for every image a needed stage starts from.
    const images: string[] = [];
    for (const i of [...needed].sort((a, b) => a - b)) {
      const name = baseNames[i] as string;
      if (name.toLowerCase() === 'scratch' || stageByName(name, i) >= 0) continue;
      if (!images.includes(name)) images.push(name);
    }
    for (const name of images) await this.loadMetadata(name, df.stages[baseNames.indexOf(name)] as Stage);

    const ignore = p.vertex('[internal] load .dockerignore').start();
    await p.spend(COST.dockerignore);
    const ignoreBytes = this.req.context.ignoreFile === null ? 2 : this.ignoreSize();
    ignore.status(`transferring context: ${ignoreBytes}B`, { finish: true });
    ignore.done();

    const copyFromImages = 0;
    for (const i of [...needed].sort((a, b) => a - b)) {
      const st = df.stages[i] as Stage;
      const base = baseNames[i] as string;
      const label = stageLabel(df, i, copyFromImages);
      const fromStage = stageByName(base, i);
      const total = stageStepTotal(df, i, base);
      await this.runStage(st, base, fromStage, label, total);
    }
    return this.export(this.states.get(target) as StageState);
  }

  private ignoreSize(): number {
    const ctx = this.req.context;
    const e = ctx.ignoreFile ? ctx.files.get(ctx.ignoreFile) : undefined;
    return e?.type === 'file' ? contentBytes(e.content).length : 2;
  }

  private targetIndex(df: Dockerfile): number {
    const t = this.req.target;
    if (t === undefined || t === '') return df.stages.length - 1;
    const i = df.stages.findIndex((s) => s.name === t.toLowerCase());
    if (i < 0) throw new SolveError(`target stage "${t}" could not be found`);
    return i;
  }

  private expandFrom(from: string, _stage: number): string {
    try {
      return expandWord(from, this.globalArgs, { escapeToken: this.escape });
    } catch {
      return from;
    }
  }

  /** `[internal] load metadata for docker.io/library/alpine:latest`: a local image, else the registry. */
  private async loadMetadata(name: string, stage: Stage): Promise<void> {
    const p = this.progress;
    let ref;
    try {
      ref = withDefaultTag(parseReference(name));
    } catch {
      throw new SolveError(
        `failed to parse stage name "${name}": invalid reference format: repository name must be lowercase`,
        lines(stage.from),
      );
    }
    const full = `${fullName(ref)}${ref.digest ? `@${ref.digest}` : `:${ref.tag}`}`;
    const v = p.vertex(`[internal] load metadata for ${full}`).start();
    await p.spend(COST.metadata);
    const local = this.localImage(name);
    if (local) {
      this.bases.set(name, {
        image: fromBaseConfig(local.config),
        name: full,
        imageId: local.id,
        fetched: false,
      });
      v.done();
      return;
    }
    try {
      const remote = await this.core.registry.resolve(ref);
      const config = parseConfig(remote.config);
      const imageId = asImageId(`sha256:${this.core.sha256Hex(remote.config)}`);
      this.bases.set(name, {
        image: fromBaseConfig(config),
        name: `${full}@${remote.manifestDigest}`,
        imageId,
        fetched: true,
      });
      this.remotes.set(name, remote);
      v.done();
    } catch (e) {
      if (!(e instanceof DockerError)) throw e;
      const why = e.message.startsWith('pull access denied')
        ? 'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed'
        : e.message.startsWith('manifest for')
          ? `${full}: not found`
          : e.message;
      v.fail(why);
      throw new SolveError(
        `${name}: failed to resolve source metadata for ${full}: ${why}`,
        lines(stage.from),
      );
    }
  }

  private readonly remotes = new Map<string, Awaited<ReturnType<Core['registry']['resolve']>>>();

  private localImage(name: string): ImageRec | undefined {
    try {
      return findImage(this.core, name);
    } catch {
      return undefined;
    }
  }

  /** The step prefix `[stage-1 2/4] ` for the stage's next numbered step. */
  private nextName(s: StageState, text: string): string {
    s.index++;
    return s.total === 0 ? text : stepName(s.label, s.index, s.total, text);
  }

  private async runStage(
    st: Stage,
    base: string,
    fromStage: number,
    label: string,
    total: number,
  ): Promise<void> {
    const core = this.core;
    const p = this.progress;
    let state: StageState;
    if (base.toLowerCase() === 'scratch') {
      const image = emptyImage();
      state = this.newState(st, label, total, image, cacheKey(core, null, ['FROM scratch']));
    } else if (fromStage >= 0) {
      const parent = this.states.get(fromStage) as StageState;
      state = this.newState(st, label, total, cloneImage(parent.image), parent.key);
      state.env = new Map(parent.env);
      state.buildArgs = [...parent.buildArgs];
      state.cmdSet = false;
    } else {
      const b = this.bases.get(base);
      if (!b) throw new Error(`base ${base} was not resolved`);
      const key = cacheKey(core, null, ['FROM', b.imageId]);
      state = this.newState(st, label, total, cloneImage(b.image), key);
      const name = this.nextName(state, `FROM ${b.name}`);
      const v = p.vertex(name).start();
      const fetched = b.fetched ? await this.fetchLayers(base, v) : 0;
      const cached = fetched === 0 && !this.req.noCache;
      v.done(cached);
      this.remember(null, key, 'FROM', `FROM ${b.name}`, state.image.diffIds, false, 0, this.hostNow());
      this.mark(name, state, 'FROM', cached, null);
    }
    // PATH is always set, in what RUN sees and in the image.
    if (!state.env.has('PATH')) {
      state.env.set('PATH', DEFAULT_PATH.slice(5));
      state.image.config.Env = addEnv(state.image.config.Env, 'PATH', DEFAULT_PATH.slice(5));
    }
    this.states.set(st.index, state);
    for (const instr of st.instructions) await this.dispatch(state, instr);
    state.done = true;
  }

  private newState(st: Stage, label: string, total: number, image: StageImage, key: string): StageState {
    return {
      stage: st,
      name: st.name ?? `stage-${st.index}`,
      image,
      env: envMap(image.config.Env),
      buildArgs: [],
      key,
      cmdSet: false,
      index: 0,
      total,
      label,
      done: false,
    };
  }

  /**
   * Registers the base image's layers this host lacks, fetched from the registry (the image itself is
   * not listed, as with BuildKit); returns how many it fetched.
   */
  private async fetchLayers(base: string, v: VertexRun): Promise<number> {
    const core = this.core;
    const remote = this.remotes.get(base);
    if (!remote) return 0;
    let fetched = 0;
    const resolveAt = this.progress.now();
    let resolved = false;
    const diffIds = remote.layers.map((l) => l.diffId);
    const chain = core.chainIdsOf(diffIds);
    for (const [i, l] of remote.layers.entries()) {
      const chainId = chain[i] as ChainId;
      const id = l.blobDigest;
      if (core.state.layers.has(chainId)) continue;
      fetched++;
      if (!resolved) {
        resolved = true;
        v.statusDone(`resolve ${v.v.name.replace(/^\[[^\]]*\] FROM /, '')}`, resolveAt);
      }
      const t0 = this.progress.now();
      await this.progress.spend(l.blobSize / COST.pullBytesPerMs);
      v.statusDone(id, t0, { current: l.blobSize, total: l.blobSize });
      const t1 = this.progress.now();
      const layer = await core.registry.layer(l.diffId);
      const rec: LayerRec = {
        chainId,
        diffId: l.diffId,
        parent: i === 0 ? null : (chain[i - 1] as ChainId),
        layer,
        size: layer.size,
        cacheId: newCacheId(core),
        origin: 'catalog',
      };
      core.tx().set(core.state.layers, chainId, rec, 'layers');
      core.events.emit({
        type: 'layer-created',
        chainId,
        diffId: l.diffId,
        size: rec.size,
        origin: 'catalog',
      });
      await this.progress.spend(l.size / COST.layerBytesPerMs);
      v.statusDone(`extracting ${id}`, t1);
    }
    return fetched;
  }

  private mark(
    name: string,
    s: StageState,
    kind: BuildStepMark['kind'],
    cached: boolean,
    own: DiffId | null,
  ): void {
    const chainId = this.core.chainIdsOf(s.image.diffIds).at(-1) ?? null;
    const step: BuildStepMark = { name, stage: s.name, kind, cached, chainId, diffId: own };
    this.steps.push(step);
    this.core.events.emit({ type: 'build-step', step });
  }

  private remember(
    parent: string | null,
    key: string,
    kind: BuildCacheRec['kind'],
    description: string,
    diffIds: readonly DiffId[],
    ownLayer: boolean,
    size: number,
    created: number,
  ): void {
    remember(this.core, {
      key,
      id: this.core.state.buildCache.get(key)?.id ?? randomId(this.core.platform.random),
      parent,
      kind,
      description,
      diffIds: [...diffIds],
      ownLayer,
      size,
      created,
    });
  }

  // ---- instructions ----

  private expand<T extends Instruction>(s: StageState, instr: T): T {
    try {
      return expandInstruction(instr, s.env, this.escape);
    } catch (e) {
      if (e instanceof LexError) throw new SolveError(e.message, lines(instr));
      throw e;
    }
  }

  /**
   * The host's own time, for what the build leaves behind (layer and image times, mtimes): the
   * progress clock runs ahead by the modelled durations, and an image must not be made in the future.
   */
  private hostNow(): number {
    return this.core.platform.clock.now();
  }

  /** Ctrl-C: the build stops before its next step, as BuildKit's solve is cancelled. */
  private checkCancelled(): void {
    if (this.req.signal?.aborted) throw new SolveError('Canceled: context canceled');
  }

  private async dispatch(s: StageState, raw: Instruction): Promise<void> {
    this.checkCancelled();
    const img = s.image;
    const cfg = img.config;
    const i = raw.kind === 'ARG' ? raw : this.expand(s, raw);
    switch (i.kind) {
      case 'ENV': {
        for (const { key, value } of i.pairs) {
          s.env.set(key, value);
          cfg.Env = addEnv(cfg.Env, key, value);
        }
        commitToHistory(img, `ENV ${i.pairs.map((kv) => `${kv.key}=${kv.value}`).join(' ')}`, false, null);
        return;
      }
      case 'ARG':
        return this.dispatchArg(s, i);
      case 'LABEL': {
        cfg.Labels = { ...(cfg.Labels ?? {}) };
        for (const { key, value } of i.pairs) cfg.Labels[key] = value;
        commitToHistory(img, `LABEL ${i.pairs.map((kv) => `${kv.key}=${kv.value}`).join(' ')}`, false, null);
        return;
      }
      case 'MAINTAINER':
        img.author = i.maintainer;
        commitToHistory(img, `MAINTAINER ${i.maintainer}`, false, null);
        return;
      case 'ONBUILD':
        cfg.OnBuild = [...(cfg.OnBuild ?? []), i.expression];
        return;
      case 'CMD': {
        const args = i.form === 'shell' ? this.withShell(img, i.args) : [...i.args];
        cfg.Cmd = args;
        cfg.ArgsEscaped = true;
        s.cmdSet = true;
        commitToHistory(img, `CMD ${goQuoteList(args)}`, false, null);
        return;
      }
      case 'ENTRYPOINT': {
        const args = i.form === 'shell' ? this.withShell(img, i.args) : [...i.args];
        cfg.Entrypoint = args;
        if (!s.cmdSet) delete cfg.Cmd;
        commitToHistory(img, `ENTRYPOINT ${goQuoteList(args)}`, false, null);
        return;
      }
      case 'HEALTHCHECK': {
        const h = {
          Test: [...i.test],
          ...(i.interval ? { Interval: parseDuration(i.interval) } : {}),
          ...(i.timeout ? { Timeout: parseDuration(i.timeout) } : {}),
          ...(i.startPeriod ? { StartPeriod: parseDuration(i.startPeriod) } : {}),
          ...(i.retries ? { Retries: i.retries } : {}),
        };
        cfg.Healthcheck = h;
        const d = (n: number | undefined) => `"${goDuration(n ?? 0)}"`;
        commitToHistory(
          img,
          `HEALTHCHECK &{${healthTest(h.Test)} ${d(h.Interval)} ${d(h.Timeout)} ${d(h.StartPeriod)} ${d(0)} ${quoteRune(h.Retries ?? 0)}}`,
          false,
          null,
        );
        return;
      }
      case 'EXPOSE': {
        const ports = exposedPorts(i.ports);
        cfg.ExposedPorts = { ...(cfg.ExposedPorts ?? {}) };
        for (const port of ports) cfg.ExposedPorts[port] = {};
        commitToHistory(img, `EXPOSE ${goSetMap(ports)}`, false, null);
        return;
      }
      case 'USER':
        cfg.User = i.user;
        commitToHistory(img, `USER ${i.user}`, false, null);
        return;
      case 'VOLUME': {
        if (i.volumes.some((v) => v === ''))
          throw new SolveError('VOLUME specified can not be an empty string', lines(i));
        cfg.Volumes = { ...(cfg.Volumes ?? {}) };
        for (const v of i.volumes) cfg.Volumes[v] = {};
        commitToHistory(img, `VOLUME ${goList(i.volumes)}`, false, null);
        return;
      }
      case 'STOPSIGNAL':
        if (!parseSignal(i.signal)) throw new SolveError(`Invalid signal: ${i.signal}`, lines(i));
        cfg.StopSignal = i.signal;
        commitToHistory(img, `STOPSIGNAL ${i.signal}`, false, null);
        return;
      case 'SHELL':
        cfg.Shell = [...i.shell];
        commitToHistory(img, `SHELL ${goList(i.shell)}`, false, null);
        return;
      case 'WORKDIR':
        return this.dispatchWorkdir(s, i, raw);
      case 'RUN':
        return this.dispatchRun(s, i, raw);
      case 'COPY':
      case 'ADD':
        return this.dispatchCopy(s, i, raw);
      case 'FROM':
        return;
    }
  }

  private withShell(img: StageImage, args: readonly string[]): string[] {
    const shell = img.config.Shell && img.config.Shell.length > 0 ? img.config.Shell : ['/bin/sh', '-c'];
    return [...shell, args.join(' ')];
  }

  private dispatchArg(s: StageState, i: Extract<Instruction, { kind: 'ARG' }>): void {
    const given = this.req.buildArgs ?? {};
    const strs: string[] = [];
    for (const decl of i.args) {
      const hasValue = Object.prototype.hasOwnProperty.call(given, decl.key);
      let value: string | undefined;
      if (hasValue) value = given[decl.key];
      else if (decl.value !== undefined) {
        try {
          value = expandWord(decl.value, s.env, { escapeToken: this.escape });
        } catch (e) {
          if (e instanceof LexError) throw new SolveError(e.message, lines(i));
          throw e;
        }
      } else if (this.globalArgs.has(decl.key) && this.isGlobalArg(decl.key))
        value = this.globalArgs.get(decl.key);
      else if (Object.prototype.hasOwnProperty.call(PREDEFINED_ARGS, decl.key) || decl.key === 'TARGETSTAGE')
        value = this.globalArgs.get(decl.key);
      if (value !== undefined) s.env.set(decl.key, value);
      s.buildArgs.push({ key: decl.key, ...(value !== undefined ? { value } : {}) });
      strs.push(value !== undefined ? `${decl.key}=${value}` : decl.key);
    }
    commitToHistory(s.image, `ARG ${strs.join(' ')}`, false, null);
  }

  private isGlobalArg(key: string): boolean {
    return this.df.globalArgs.some((a) => a.args.some((d) => d.key === key));
  }

  /** `RUN |2 A=1 B=2 /bin/sh -c …`: the stage's ARGs before the command, as runCommandString. */
  private runCommandString(s: StageState, args: readonly string[]): string {
    const seen = new Map<string, number>();
    const out: string[] = [];
    for (const a of s.buildArgs) {
      const v = s.env.get(a.key) ?? a.value ?? '';
      const at = seen.get(a.key);
      if (at !== undefined) out[at] = `${a.key}=${v}`;
      else {
        seen.set(a.key, out.length);
        out.push(`${a.key}=${v}`);
      }
    }
    const prefix = out.length > 0 ? [`|${out.length}`, ...out] : [];
    return [...prefix, ...args].join(' ');
  }

  /** A step that makes a layer: the cache is asked first; on a miss `make` fills a fresh upper. */
  private async layerStep(
    s: StageState,
    kind: BuildCacheRec['kind'],
    name: string,
    keyParts: readonly string[],
    history: string,
    isLayerStep: boolean,
    make: (upper: Upper, v: VertexRun) => Promise<void>,
  ): Promise<void> {
    const core = this.core;
    const p = this.progress;
    const key = cacheKey(core, s.key, keyParts);
    const hit = this.req.noCache ? undefined : cacheHit(core, key);
    const v = p.vertex(name);
    if (hit) {
      v.start().done(true);
      s.key = key;
      s.image.diffIds = [...hit.diffIds];
      const own = hit.ownLayer ? (hit.diffIds.at(-1) as DiffId) : null;
      commitToHistory(s.image, history, hit.ownLayer, hit.created, isLayerStep);
      this.mark(name, s, kind, true, own);
      return;
    }
    v.start();
    if (this.req.signal?.aborted) {
      v.fail('context canceled');
      throw new SolveError('Canceled: context canceled');
    }
    const lower = stackView(core, s.image.diffIds).with(
      initLayer({
        hostname: 'buildkitsandbox',
        ipAddress: '172.17.0.2',
        mtime: Math.floor(this.hostNow() / 1000),
      }),
    );
    const upper = new Upper(lower);
    await make(upper, v);
    const layer = upper.toLayer((path) => !isBindMount(path));
    await p.spend(layer.size / COST.layerBytesPerMs);
    const created = this.hostNow();
    let own: DiffId | null = null;
    if (layer.count > 0) {
      const diffId = asDiffId(diffIdOf(layer, core.platform.sha256));
      if (diffId !== EMPTY_LAYER_DIFF_ID) {
        own = diffId;
        this.addLayer(s.image.diffIds, diffId, layer);
        s.image.diffIds = [...s.image.diffIds, diffId];
      }
    }
    this.remember(s.key, key, kind, history, s.image.diffIds, own !== null, own ? layer.size : 0, created);
    s.key = key;
    commitToHistory(s.image, history, own !== null, created, isLayerStep);
    v.done();
    this.mark(name, s, kind, false, own);
  }

  private addLayer(below: readonly DiffId[], diffId: DiffId, layer: Layer): void {
    const core = this.core;
    const chain = core.chainIdsOf([...below, diffId]);
    const chainId = chain.at(-1) as ChainId;
    if (core.state.layers.has(chainId)) return;
    const rec: LayerRec = {
      chainId,
      diffId,
      parent: chain.at(-2) ?? null,
      layer,
      size: layer.size,
      cacheId: newCacheId(core),
      origin: 'build',
    };
    core.tx().set(core.state.layers, chainId, rec, 'layers');
    core.events.emit({ type: 'layer-created', chainId, diffId, size: rec.size, origin: 'build' });
  }

  private async dispatchWorkdir(
    s: StageState,
    i: Extract<Instruction, { kind: 'WORKDIR' }>,
    raw: Instruction,
  ): Promise<void> {
    const cur = s.image.config.WorkingDir || '/';
    const wd = cleanAbs(i.path.startsWith('/') ? i.path : `${cur}/${i.path}`);
    s.image.config.WorkingDir = wd;
    if (wd === '/') {
      commitToHistory(s.image, `WORKDIR ${wd}`, false, null);
      return;
    }
    const name = this.nextName(s, instructionText(raw, s.env, this.escape));
    const user = s.image.config.User ?? '';
    await this.layerStep(s, 'WORKDIR', name, ['WORKDIR', wd, user], `WORKDIR ${wd}`, false, async (upper) => {
      await this.progress.spend(COST.workdir);
      const owner = user ? this.owner(upper.view(), user) : { uid: 0, gid: 0 };
      const view = upper.view();
      let exists = false;
      try {
        const real = view.resolve(wd, true);
        exists = view.lookup(real)?.entry.type === 'dir';
      } catch {
        exists = false;
      }
      if (!exists)
        upper.mkdir(wd, {
          parents: true,
          mode: 0o755,
          mtime: Math.floor(this.hostNow() / 1000),
          ...owner,
        });
    });
  }

  private async dispatchRun(
    s: StageState,
    i: Extract<Instruction, { kind: 'RUN' }>,
    raw: Instruction,
  ): Promise<void> {
    const img = s.image;
    let args: string[] = [...i.args];
    if (i.heredocs.length > 0 && i.form === 'shell') {
      const only = /^<<-?(["']?)([A-Za-z_][\w-]*)\1$/.exec((args[0] ?? '').trim());
      if (i.heredocs.length === 1 && only) {
        const doc = i.heredocs[0]!;
        args = [doc.chomp ? doc.content.replace(/^\t+/gm, '') : doc.content];
      } else {
        let full = args[0] ?? '';
        for (const doc of i.heredocs) full += `\n${doc.content}${doc.name}`;
        args = [full];
      }
    }
    const argv = i.form === 'shell' ? this.withShell(img, args) : args;
    const name = this.nextName(s, instructionText(raw, s.env, this.escape));
    const env = envList(s.env);
    const workdir = img.config.WorkingDir || '/';
    const user = img.config.User ?? '';
    const history = `RUN ${this.runCommandString(s, argv)}`;
    await this.layerStep(
      s,
      'RUN',
      name,
      ['RUN', JSON.stringify(argv), JSON.stringify(env), workdir, user],
      history,
      true,
      async (upper, v) => {
        const p = this.progress;
        await p.spend(COST.run / 2);
        const code = await this.req.runner({
          upper,
          argv,
          env,
          workdir,
          user,
          hostname: 'buildkitsandbox',
          log: (stream, text) => {
            v.log(stream, text);
            p.tick(COST.runLine * (text.split('\n').length - 1));
          },
          ...(this.req.signal ? { signal: this.req.signal } : {}),
        });
        await p.spend(COST.run / 2);
        if (this.req.signal?.aborted) {
          v.fail('context canceled');
          throw new SolveError('Canceled: context canceled');
        }
        if (code !== 0) {
          const msg = `process "${argv.join(' ')}" did not complete successfully: exit code: ${code}`;
          v.fail(msg);
          throw new SolveError(msg, lines(raw));
        }
      },
    );
  }

  /**
   * --chown (and WORKDIR under USER): names looked up in the stage's own /etc/passwd and /etc/group,
   * numbers taken as they are. A name the stage does not know is owner 0, as BuildKit's readUser
   * leaves it (no error).
   */
  private owner(view: View, spec: string): Owner {
    const [u = '', g] = spec.split(':');
    const read = (path: string): string[][] => {
      try {
        const f = view.fileOf(view.resolve(path, true));
        return f
          ? new TextDecoder()
              .decode(contentBytes(f.content))
              .split('\n')
              .map((l) => l.split(':'))
          : [];
      } catch {
        return [];
      }
    };
    let uid = 0;
    let gid: number | undefined;
    if (/^\d+$/.test(u)) uid = Number(u);
    else {
      const row = read('/etc/passwd').find((r) => r[0] === u);
      if (row) {
        uid = Number(row[2]);
        gid = Number(row[3]);
      }
    }
    if (g !== undefined && g !== '') {
      if (/^\d+$/.test(g)) gid = Number(g);
      else gid = Number(read('/etc/group').find((r) => r[0] === g)?.[2] ?? 0);
    }
    return { uid, gid: gid ?? uid };
  }

  private async contextVertex(): Promise<void> {
    if (this.contextVertexShown) return;
    this.contextVertexShown = true;
    const v = this.progress.vertex('[internal] load build context').start();
    await this.progress.spend(COST.context + this.req.context.size / COST.contextBytesPerMs);
    v.status(`transferring context: ${humanContext(this.req.context.size)}`, { finish: true });
    v.done();
  }

  private async dispatchCopy(
    s: StageState,
    i: Extract<Instruction, { kind: 'COPY' | 'ADD' }>,
    raw: Instruction,
  ): Promise<void> {
    const core = this.core;
    const ctx = this.req.context;
    const from = i.kind === 'COPY' ? i.from : undefined;
    let mode: number | undefined;
    if (i.chmod !== undefined) {
      const n = /^[0-7]+$/.test(i.chmod) ? parseInt(i.chmod, 8) : NaN;
      if (!(n <= 0o7777))
        throw new SolveError(
          `invalid chmod parameter: '${i.chmod}'. it should be octal string and between 0 and 07777`,
          lines(raw),
        );
      mode = n;
    }
    const urls = i.sources.filter((src) => /^https?:\/\//.test(src));
    if (urls.length > 0) {
      if (i.kind === 'COPY') throw new SolveError("source can't be a URL for COPY", lines(raw));
      const u = new URL(urls[0] as string);
      throw new SolveError(
        `failed to load cache key: Get "${urls[0]}": dial tcp: lookup ${u.hostname}: no such host`,
        lines(raw),
      );
    }
    if (i.sources.length + i.heredocs.length > 1 && !i.dest.endsWith('/'))
      throw new SolveError(
        `When using ${i.kind} with more than one source file, the destination must be a directory and end with a /`,
        lines(raw),
      );

    // Where the sources come from: the context, an earlier stage, or an image.
    let source: { view: View; key: string; paths: string[] };
    const refId = () => randomRefId(core.platform.random);
    if (from === undefined) {
      await this.contextVertex();
      const view = contextView(ctx);
      let paths: string[];
      let sum: string;
      try {
        paths = ctx.resolveSources(i.sources, refId()).map((r) => (r === '.' ? '/' : `/${r}`));
        sum = ctx.checksum(i.sources);
      } catch (e) {
        if (e instanceof DockerError) {
          const name = this.nextName(s, instructionText(raw, s.env, this.escape));
          this.progress
            .vertex(name)
            .start()
            .fail(e.message.replace(/^failed to compute cache key: /, ''));
          throw new SolveError(e.message, lines(raw));
        }
        throw e;
      }
      source = { view, key: sum, paths };
    } else {
      const src = this.fromSource(s, from, raw);
      let paths: string[];
      try {
        paths = resolveInView(src.view, i.sources, (x) => notFoundError(x, refId()));
      } catch (e) {
        if (e instanceof DockerError) {
          const name = this.nextName(s, instructionText(raw, s.env, this.escape));
          this.progress
            .vertex(name)
            .start()
            .fail(e.message.replace(/^failed to compute cache key: /, ''));
          throw new SolveError(e.message, lines(raw));
        }
        throw e;
      }
      source = { view: src.view, key: `${src.key} ${viewChecksum(core, src.view, paths)}`, paths };
    }

    const name = this.nextName(s, instructionText(raw, s.env, this.escape));
    const workdir = s.image.config.WorkingDir || '/';
    const dest = destPath(i.dest, workdir);
    let msg = i.kind;
    if (i.chown) msg += ` --chown=${i.chown}`;
    if (i.chmod) msg += ` --chmod=${i.chmod}`;
    for (const src of i.sources) msg += ` ${src}`;
    for (const doc of i.heredocs) msg += ` <<${doc.name}`;
    msg += ` ${i.dest}`;
    const keyParts = [
      i.kind,
      source.key,
      JSON.stringify(i.sources),
      JSON.stringify(i.heredocs.map((d) => [d.name, d.content])),
      dest,
      i.chown ?? '',
      i.chmod ?? '',
    ];
    await this.layerStep(s, i.kind, name, keyParts, msg, true, async (upper) => {
      const p = this.progress;
      const owner = i.chown ? this.owner(upper.view(), i.chown) : undefined;
      const now = Math.floor(this.hostNow() / 1000);
      const opts = {
        dest,
        ...(owner ? { owner } : {}),
        ...(mode !== undefined ? { mode } : {}),
        unpack: i.kind === 'ADD',
        now,
      };
      let bytes = 0;
      try {
        for (const path of source.paths) copyFromView(source.view, path, upper, opts);
        for (const doc of i.heredocs) {
          const text = doc.chomp ? doc.content.replace(/^\t+/gm, '') : doc.content;
          copyHeredoc(doc.name, text, upper, opts, now);
          bytes += text.length;
        }
      } catch (e) {
        if (e instanceof DockerError) throw new SolveError(e.message, lines(raw));
        throw e;
      }
      await p.spend(COST.copy + bytes / COST.layerBytesPerMs);
    });
  }

  /** `COPY --from=`: an earlier stage by name or index, else an image (local, or fetched). */
  private fromSource(s: StageState, from: string, raw: Instruction): { view: View; key: string } {
    const df = this.df;
    let idx = -1;
    if (/^\d+$/.test(from)) {
      idx = Number(from);
      if (idx >= df.stages.length) throw new SolveError(`invalid stage index ${idx}`, lines(raw));
    } else idx = df.stages.findIndex((st) => st.name === from.toLowerCase());
    if (idx >= 0) {
      const st = this.states.get(idx);
      if (!st || idx >= s.stage.index)
        throw new SolveError(
          `cannot copy from stage "${from}", it needs to be defined before current stage "${s.name}"`,
          lines(raw),
        );
      return { view: stackView(this.core, st.image.diffIds), key: `stage ${st.key}` };
    }
    const local = this.localImage(from);
    if (!local) {
      let full = from;
      try {
        const ref = withDefaultTag(parseReference(from));
        full = `${fullName(ref)}:${ref.tag ?? 'latest'}`;
      } catch {
        // shown as typed
      }
      throw new SolveError(
        `${from}: failed to resolve source metadata for ${full}: ${full}: not found`,
        lines(raw),
      );
    }
    return { view: stackView(this.core, local.diffIds), key: `image ${local.id}` };
  }

  // ---- export ----

  private async export(s: StageState): Promise<BuildResult> {
    this.checkCancelled();
    const core = this.core;
    const p = this.progress;
    const v = p.vertex('exporting to image').start();
    const t0 = p.now();
    await p.spend(COST.exportLayers);
    v.statusDone('exporting layers', t0);
    fillCreated(s.image.history);
    const bytes = exportConfigBytes(s.image);
    const imageId = asImageId(`sha256:${core.sha256Hex(bytes)}`);
    const t1 = p.now();
    await p.spend(COST.writeImage);
    const now = core.platform.clock.now();
    if (!core.state.images.has(imageId)) {
      const rec: ImageRec = {
        id: imageId,
        configBytes: bytes,
        config: parseConfig(bytes),
        diffIds: [...s.image.diffIds],
        parent: null,
        repoDigests: [],
        origin: 'build',
        lastTagTime: null,
        loadedAt: now,
      };
      core.tx().set(core.state.blobs, imageId, bytes, 'blobs');
      core.tx().set(core.state.images, imageId, rec, 'images');
      core.events.emit({ type: 'image-created', imageId, origin: 'build' });
    }
    v.statusDone(`writing image ${imageId}`, t1);
    const named: string[] = [];
    for (const tag of this.req.tags) {
      const ref = withDefaultTag(parseReference(tag));
      const full = `${fullName(ref)}:${ref.tag}`;
      const t2 = p.now();
      setTag(core, `${familiarName(ref)}:${ref.tag}`, imageId);
      v.statusDone(`naming to ${full}`, t2);
      named.push(full);
    }
    v.done();
    return this.result(imageId, undefined, named);
  }
}

/** `2.05kB`, `61B`: the context transfer size as BuildKit's progress shows bytes. */
function humanContext(n: number): string {
  if (n < 1000) return `${n}B`;
  const units = ['kB', 'MB', 'GB'];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(2).replace(/\.?0+$/, '')}${units[u]}`;
}

/** The context as a filesystem rooted at '/', so COPY reads it the way it reads a stage. */
function contextView(ctx: BuildContext): View {
  const cached = contextViews.get(ctx);
  if (cached) return cached;
  const entries: [string, Entry][] = [];
  for (const [rel, e] of ctx.files) {
    const abs = `/${rel}`;
    entries.push([abs, e.type === 'hardlink' ? { ...e, target: `/${e.target}` } : e]);
  }
  const view = new Union([Layer.from(entries)]);
  contextViews.set(ctx, view);
  return view;
}
const contextViews = new WeakMap<BuildContext, View>();

/** A content digest of what a COPY takes from a stage or image: names, kinds, modes, owners, bytes. */
function viewChecksum(core: Core, view: View, paths: readonly string[]): string {
  const parts: string[] = [];
  const add = (p: string, e: Entry) => {
    let body = '';
    if (e.type === 'file')
      body =
        e.content.kind === 'bytes'
          ? contentDigest(e.content, core.platform.sha256)
          : `fill:${e.content.size}:${e.content.seed}`;
    else if (e.type === 'symlink' || e.type === 'hardlink') body = e.target;
    parts.push(`${p}\0${e.type}\0${e.mode}\0${e.uid}\0${e.gid}\0${body}`);
  };
  for (const path of paths) {
    let real: string;
    try {
      real = view.resolve(path, true);
    } catch {
      continue;
    }
    const top = real === '/' ? undefined : view.lookup(real);
    if (top) add(path, view.resolvedEntry(real, top));
    if (real === '/' || top?.entry.type === 'dir') for (const [p, f] of view.walk(real)) add(p, f.entry);
  }
  return core.sha256Hex(parts.join('\n'));
}

/** `EXPOSE 80 53/udp 8000-8001`: nat.ParsePortSpecs' keys (`80/tcp`, ranges spread out). */
function exposedPorts(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const [portPart = '', proto = 'tcp'] = w.split('/');
    const m = /^(\d+)(?:-(\d+))?$/.exec(portPart);
    if (!m) throw new DockerError(`Invalid containerPort: ${portPart}`, 'invalid', false);
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    if (b < a)
      throw new DockerError(`Invalid range specified for container port: ${portPart}`, 'invalid', false);
    for (let n = a; n <= b; n++) out.push(`${n}/${proto.toLowerCase()}`);
  }
  return out;
}

/** Runs a build on the host as part of the command under way. */
export function runBuild(core: Core, req: BuildRequest): Promise<BuildResult> {
  return new Builder(core, req).run();
}
