/** A resource the account cannot serve as AWS would: an unknown value, a template ARN, another account's ARN. */
export class UnservableResourceError extends Error {
  override name = "UnservableResourceError";
}

/** A command the account does not answer: a reader started to send it, and the account must learn it first. */
export class UnansweredCommandError extends Error {
  override name = "UnansweredCommandError";

  constructor(
    readonly service: string,
    readonly operation: string,
  ) {
    super(`ModelAccount answers no ${service} ${operation}: teach it the command (packages/aws/src/local/)`);
  }
}

/** Resources of the state that AWS could not hold together, e.g. two policies for one code-signing configuration. */
export class InconsistentStateError extends Error {
  override name = "InconsistentStateError";
}
