// The Dockerfile parser, following BuildKit's dockerfile frontend (frontend/dockerfile/parser,
// instructions/parse.go, dockerfile2llb's step names): its public face. Pure: text in, values out.
// Word expansion lives in shell-lex.ts; `expandInstruction` applies it to exactly the words BuildKit
// expands.

export { type ExpandEnv, expandWord, expandWords, LexError } from '../shell-lex';
export { expandInstruction, expandsWords, globalArgValues } from './expand';
export { parseDockerfile } from './parse';
export { instructionText, isStep, stageLabel, stageStepTotal, stepName } from './steps';
export {
  type AddInstruction,
  type ArgDecl,
  type ArgInstruction,
  type CmdInstruction,
  type CommandLine,
  type CopyInstruction,
  type Dockerfile,
  type EntrypointInstruction,
  type EnvInstruction,
  type ExposeInstruction,
  type FromInstruction,
  type HealthcheckInstruction,
  type Heredoc,
  type Instruction,
  type InstructionKind,
  isParseError,
  type KeyValue,
  type LabelInstruction,
  type Located,
  type MaintainerInstruction,
  type OnbuildInstruction,
  type ParseError,
  type RunInstruction,
  type ShellInstruction,
  type Stage,
  type StopSignalInstruction,
  type UserInstruction,
  type VolumeInstruction,
  type WorkdirInstruction,
} from './types';
