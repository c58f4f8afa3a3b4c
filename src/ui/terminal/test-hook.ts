// Read-only handles on the terminal for browser tests and for debugging from the console, set from
// module code (the page's CSP allows no inline script). They only read: nothing here runs commands.

export interface TerminalHook {
  /** The whole transcript, wrapped rows joined. */
  terminalText(): string;
  /** A command is running or typed keys wait to be handled. */
  terminalBusy(): boolean;
  /** How many rows xterm's buffer holds (scrollback and screen). */
  terminalBuffer(): number;
  /** How many lines have run. */
  terminalFinished(): number;
  /** Resolves once everything written so far is on the screen (xterm parses writes later). */
  terminalFlushed(): Promise<void>;
}

declare global {
  interface Window {
    __layerlab?: Partial<TerminalHook>;
  }
}

export function exposeTestHook(hook: TerminalHook): () => void {
  window.__layerlab = { ...window.__layerlab, ...hook };
  return () => {
    if (window.__layerlab?.terminalText === hook.terminalText) delete window.__layerlab;
  };
}
