/** How `belay` ends: its exit codes, and the failure a command raises once it has said why. */

export const ExitCode = {
  ok: 0,
  /** The command ran and failed: a domain error, bad configuration, a server that could not start. */
  failure: 1,
  /** The command line itself was wrong. */
  usage: 2,
} as const;

/** A failure the command has already explained; the message is the one line shown to the user. */
export class CommandFailed extends Error {
  override readonly name = 'CommandFailed';
}
