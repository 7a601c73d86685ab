/** A mistake in how Vigil was called (bad option value, unknown rule id, missing file): exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
