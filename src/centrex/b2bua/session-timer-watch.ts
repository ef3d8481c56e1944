/**
 * Session timers of one call (RFC 4028). The endpoints negotiate and refresh between themselves
 * through the B2BUA, which relays their refreshes; it watches each negotiated interval and ends
 * the call when no refresh came in time (§10). When the far end does not do session timers but the
 * side that asked does, the B2BUA answers for it as a proxy would (§8): the asking side refreshes.
 */
import { TIMER_OPTION, formatSessionExpires, sessionTimerAction, sessionTimerOfAnswer } from '../../sip/index.js';
import type { Clock, ExtraHeader, SessionExpires, SessionTimer, SipResponse, TimerHandle } from '../../sip/index.js';

export class SessionTimerWatch {
  private timer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly onExpired: () => void,
  ) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  /**
   * A 2xx to a session refresh (the INVITE, a re-INVITE or an UPDATE), about to be relayed to the
   * side that sent the request: watches the timer it sets and returns lines to add to it.
   * `offered` is what the sender asked for, when it supports session timers.
   */
  answered(offered: SessionExpires | undefined, response: SipResponse): ExtraHeader[] {
    const answer = sessionTimerOfAnswer(response);
    if (answer.ok && answer.value) {
      this.watch(answer.value);
      return [];
    }
    if (!offered) {
      this.stop();
      return [];
    }
    const timer: SessionTimer = { interval: offered.interval, refresher: 'uac' };
    this.watch(timer);
    return [
      { name: 'Session-Expires', value: formatSessionExpires(timer) },
      { name: 'Require', value: TIMER_OPTION },
    ];
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** The B2BUA never refreshes: it waits as the side that is not the refresher does (§10). */
  private watch(timer: SessionTimer): void {
    this.stop();
    const { afterMs } = sessionTimerAction(timer, timer.refresher === 'uac' ? 'uas' : 'uac');
    this.timer = this.clock.setTimer(afterMs, () => {
      this.timer = undefined;
      this.onExpired();
    });
  }
}
