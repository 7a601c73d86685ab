/** Exit codes of every `vigil` command (documented in the README). */
export const EXIT = {
  /** Checked everything; nothing at or above `--fail-on`. */
  ok: 0,
  /** A failure (or a rule error) at or above `--fail-on` that no exemption hides. */
  findings: 1,
  /** Could not check everything: usage or configuration error, or an input that could not be read. */
  incomplete: 2,
} as const;
