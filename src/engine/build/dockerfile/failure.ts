// A refusal while parsing: BuildKit's text and the lines it is about. Thrown inside the parser and
// turned into a ParseError value by `parseDockerfile`.

export class Failure {
  constructor(
    readonly message: string,
    readonly startLine: number,
    readonly endLine: number,
  ) {}
}

export function fail(message: string, startLine: number, endLine = startLine): never {
  throw new Failure(message, startLine, endLine);
}
