// The whole file: logical lines, both passes over each, and the instructions split into stages
// (global ARGs before the first FROM), with BuildKit's warnings. Refusals come back as values.

import { fail, Failure } from './failure';
import { instructionFrom } from './instructions';
import { type Directives, logicalLines } from './lines';
import { shapeLine } from './shapes';
import type { ArgInstruction, Dockerfile, FromInstruction, Instruction, ParseError } from './types';

function parseOrThrow(text: string): Dockerfile {
  if (text.length === 0) fail('the Dockerfile cannot be empty', 0);
  const d: Directives = { escape: '\\', done: false, seen: new Set() };
  const warnings: string[] = [];
  const nodes = logicalLines(text, d, warnings);
  const instructions: Instruction[] = [];
  const globalArgs: ArgInstruction[] = [];
  const stages: { index: number; name?: string; from: FromInstruction; instructions: Instruction[] }[] = [];
  const shaped = nodes.map((node) => {
    try {
      return shapeLine(node, d.escape);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      return fail(msg, node.startLine, node.endLine);
    }
  });
  for (const sh of shaped) {
    const node = sh.node;
    let instr: Instruction;
    try {
      instr = instructionFrom(sh);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      fail(`dockerfile parse error on line ${node.startLine}: ${msg}`, node.startLine, node.endLine);
    }
    instructions.push(instr);
    if (instr.kind === 'FROM') {
      if (instr.stageName !== undefined && stages.some((s) => s.name === instr.stageName)) {
        warnings.push(
          `Duplicate stage name ${JSON.stringify(instr.stageName)}, stage names should be unique`,
        );
      }
      stages.push({
        index: stages.length,
        ...(instr.stageName !== undefined ? { name: instr.stageName } : {}),
        from: instr,
        instructions: [],
      });
      continue;
    }
    const current = stages[stages.length - 1];
    if (current === undefined) {
      if (instr.kind === 'ARG') {
        globalArgs.push(instr);
        continue;
      }
      fail('no build stage in current context', node.startLine, node.endLine);
    }
    current.instructions.push(instr);
  }
  if (stages.length === 0) fail('dockerfile contains no stages to build', 0);
  return {
    kind: 'dockerfile',
    escapeToken: d.escape,
    ...(d.syntax !== undefined ? { syntax: d.syntax } : {}),
    globalArgs,
    stages,
    instructions,
    warnings,
  };
}

/** Parses a Dockerfile as BuildKit does; a refusal comes back as a ParseError value with the line. */
export function parseDockerfile(text: string): Dockerfile | ParseError {
  try {
    return parseOrThrow(text);
  } catch (e) {
    if (e instanceof Failure) {
      return { kind: 'parse-error', message: e.message, startLine: e.startLine, endLine: e.endLine };
    }
    throw e;
  }
}
