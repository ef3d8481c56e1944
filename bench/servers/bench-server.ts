/** A SIP server under measurement, whichever it is. */
export interface BenchServer {
  readonly name: string;
  /** Where SIPp sends (UDP, loopback). */
  readonly sip: { readonly host: string; readonly port: number };
  /** How it was set up, for the report: receive buffer asked for, processes, log level … */
  readonly settings: Readonly<Record<string, string>>;
  /**
   * How long it holds state after answering (transactions): waited before its memory shows what
   * stays, and after an unclean rate step before the next step.
   */
  readonly settleMs: number;
  /** The processes whose CPU time and memory count as the server's. */
  processes(): Promise<readonly number[]>;
  stop(): Promise<void>;
}

/** A bench user: SIP username (the extension for belay) and password. */
export interface BenchUser {
  readonly username: string;
  readonly password: string;
}
