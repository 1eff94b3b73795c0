/** Errors raised by the session generator: they name the file or option and say what to do. */
export class GeneratorError extends Error {
  constructor(
    readonly subject: string,
    problem: string,
    advice: string
  ) {
    super(`${subject}: ${problem}; ${advice}.`);
    this.name = 'GeneratorError';
  }
}
