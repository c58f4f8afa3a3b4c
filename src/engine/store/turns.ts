// Taking turns between tabs that share one database: a write lock (the Web Locks API where the
// browser has it, else a queue within this page) and a broadcast that tells the other tabs a command
// has been written. With the generation number each write stores, this is what lets two tabs of the
// same origin run commands one after the other without either losing what the other did.

/** The parts of the Web Locks API this file uses. */
interface LockManagerLike {
  request(
    name: string,
    options: { mode: 'exclusive'; ifAvailable?: boolean },
    callback: (lock: unknown) => Promise<void>,
  ): Promise<unknown>;
}

function lockManager(): LockManagerLike | undefined {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return typeof nav?.locks?.request === 'function' ? nav.locks : undefined;
}

/** Within one page (Node, or a browser without Web Locks): one promise chain per lock name. */
const localTails = new Map<string, Promise<void>>();

function localLock(name: string, callback: () => Promise<void>, onWait?: () => void): void {
  // A tail means someone holds the turn or waits for it.
  const tail = localTails.get(name);
  if (tail) onWait?.();
  const settled = (tail ?? Promise.resolve()).then(callback, callback).catch(() => undefined);
  localTails.set(name, settled);
  void settled.then(() => {
    if (localTails.get(name) === settled) localTails.delete(name);
  });
}

/**
 * Waits for the exclusive turn named `name` and resolves with the function that ends it; `onWait` is
 * called first when someone else has the turn. A tab that closes or crashes mid-turn loses it with the
 * page: the browser releases Web Locks itself.
 */
export function takeTurn(name: string, onWait?: () => void): Promise<() => void> {
  return new Promise((granted, refused) => {
    let end!: () => void;
    const held = new Promise<void>((resolve) => (end = resolve));
    const hold = async () => {
      granted(end);
      await held;
    };
    const locks = lockManager();
    if (!locks) {
      localLock(name, hold, onWait);
      return;
    }
    // Free now: take it at once; else say so, then queue for it.
    locks
      .request(name, { mode: 'exclusive', ifAvailable: true }, async (lock) => {
        if (lock) return hold();
        onWait?.();
        void locks.request(name, { mode: 'exclusive' }, hold).catch(refused);
      })
      .catch(refused);
  });
}

/** The parts of BroadcastChannel this file uses (the browser's and Node's are both fine). */
interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', fn: (e: { data: unknown }) => void): void;
  close(): void;
}

/** Tells the other tabs that a write landed, and hears theirs. Absent BroadcastChannel: silent. */
export class WriteNews {
  private readonly channel: ChannelLike | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(name: string) {
    const Channel = (globalThis as { BroadcastChannel?: new (name: string) => ChannelLike }).BroadcastChannel;
    this.channel = Channel ? new Channel(name) : undefined;
    // Node keeps a process alive while a channel is open; the news must not.
    (this.channel as { unref?: () => void } | undefined)?.unref?.();
    this.channel?.addEventListener('message', () => {
      for (const fn of [...this.listeners]) fn();
    });
  }

  announce(generation: number): void {
    this.channel?.postMessage({ generation });
  }

  listen(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  close(): void {
    this.listeners.clear();
    this.channel?.close();
  }
}
