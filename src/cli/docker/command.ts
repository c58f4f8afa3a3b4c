// One docker subcommand: its declarative spec (flags, help) and what it does with parsed arguments.
// Each file in this folder exports one (isomorphic-git's shape: parse and validate, call the engine,
// format the result).

import type { CommandSpec, ParsedFlags } from '../flags';
import type { ProgramContext, ProgramResult } from '../types';

export interface DockerCommand {
  readonly spec: CommandSpec;
  run(parsed: ParsedFlags, ctx: ProgramContext): Promise<number | ProgramResult>;
}
