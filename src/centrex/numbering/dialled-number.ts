/** What a call costs and risks, by destination: the class of service is checked against it. */
export type CallCategory = 'local' | 'national' | 'mobile' | 'international' | 'freephone' | 'premium' | 'special';

/** What a caller dialled, read in the dial plan. External numbers are E.164. */
export type DialledNumber =
  | { readonly kind: 'extension'; readonly extension: string }
  | { readonly kind: 'emergency'; readonly number: '110' | '112' }
  | { readonly kind: 'external'; readonly e164: string; readonly category: CallCategory }
  | { readonly kind: 'invalid'; readonly reason: string };
