/**
 * A copy of `text` that holds nothing of the string it was cut from. The parser's values are
 * slices of the message's header section, and a slice keeps that whole section alive: a value
 * kept long after its message (a nonce tracked against replays, a binding's Call-ID) is
 * detached first.
 */
export const detached = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');
