/** A send that failed by rejecting, as the transport error it is reported as (RFC 3261 §17.1.4, §17.2.4). */
import type { TransportError } from '../transport/index.js';

/** A port must resolve with a failed `SendResult`; if it rejects anyway, the rejection is reported like any send failure. */
export const sendFailure = (cause: unknown): TransportError => ({
  code: 'send_failed',
  message: cause instanceof Error ? cause.message : String(cause),
});

