// The shell's own errors, carrying bash's text without the `bash: ` prefix.

/**
 * A syntax error, or input that ends before the command does. `incomplete` inputs can be
 * continued with more lines (the terminal shows `> `); the message is what bash prints if
 * the input ends there instead.
 */
export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based line of the input where bash noticed it (bash -c prints `line N`). */
    readonly line: number,
    readonly incomplete = false,
  ) {
    super(message);
    this.name = 'ShellSyntaxError';
  }
}

/** A failure while expanding words: `${}: bad substitution`, `x: ambiguous redirect`… */
export class ExpansionError extends Error {
  constructor(
    message: string,
    /** Exit status bash gives the command (1 for most expansion errors). */
    readonly status = 1,
  ) {
    super(message);
    this.name = 'ExpansionError';
  }
}
