import { z } from 'zod';
import type { Actor } from '../centrex/index.js';

const ACTOR_HEADER = 'x-belay-actor';
const ANONYMOUS_ACTOR = 'anonymous';

/** Write routes name who acted; until authentication exists the client says so in a header. */
export const actorHeaders = z.looseObject({
  [ACTOR_HEADER]: z.string().trim().min(1).max(200).optional().describe('Who is acting, recorded in the audit log'),
});

/** The audit actor of a request: `{ kind: 'api', id: <X-Belay-Actor or anonymous> }`. */
export const apiActor = (headers: z.infer<typeof actorHeaders>): Actor => ({ kind: 'api', id: headers[ACTOR_HEADER] ?? ANONYMOUS_ACTOR });
