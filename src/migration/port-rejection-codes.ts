/** The data fields of a port order that a correction can touch. */
export const portOrderDataFields = [
  'holderName',
  'holderStreet',
  'holderPostalCode',
  'holderCity',
  'customerNumber',
  'signatoryName',
  'signatoryRole',
  'requestedDate',
  'atContractEnd',
  'contractEndDate',
] as const;
export type PortOrderDataField = (typeof portOrderDataFields)[number];

export interface PortRejectionCode {
  readonly meaning: string;
  /** What to do before resubmitting. */
  readonly remedy: string;
  /**
   * A resubmission is refused until at least one of these fields has been corrected since the
   * rejection; empty where the cause lies outside the order's data.
   */
  readonly correct: readonly PortOrderDataField[];
  /** Whether the rejection must come with an explanatory text. */
  readonly needsText: boolean;
}

/** The standard rejection codes of the Vorabstimmung (telephony-de §3.1). */
export const portRejectionCodes = {
  RNG: {
    meaning: 'number not active at the losing provider',
    remedy: 'compare the line’s numbers with the list the losing provider sent and correct the legacy number block; then resubmit',
    correct: [],
    needsText: false,
  },
  ADF: {
    meaning: 'address wrong',
    remedy: 'enter the holder’s address exactly as the losing provider has it (see an invoice), character for character',
    correct: ['holderStreet', 'holderPostalCode', 'holderCity'],
    needsText: false,
  },
  AIF: {
    meaning: 'line holder wrong',
    remedy: 'enter the holder’s name exactly as the losing provider has it (see an invoice), character for character',
    correct: ['holderName'],
    needsText: false,
  },
  WAI: {
    meaning: 'further line holders',
    remedy: 'the line has more than one holder: name them all as the losing provider has them, and have an authorised person of each sign',
    correct: ['holderName', 'signatoryName'],
    needsText: false,
  },
  KNI: {
    meaning: 'customer not identifiable',
    remedy: 'check the customer number at the losing provider and the holder’s name',
    correct: ['customerNumber', 'holderName'],
    needsText: false,
  },
  VAE: {
    meaning: 'another provider’s pre-coordination already exists',
    remedy: 'another port of this line is under way: have it withdrawn (or find out who placed it) before resubmitting',
    correct: [],
    needsText: false,
  },
  SON: {
    meaning: 'other reason',
    remedy: 'read the losing provider’s text and correct what it names',
    correct: [],
    needsText: true,
  },
} as const satisfies Record<string, PortRejectionCode>;

export type PortRejectionCodeName = keyof typeof portRejectionCodes;

export const portRejectionCodeNames = Object.keys(portRejectionCodes) as readonly PortRejectionCodeName[];

/**
 * Why a rejected order may not be resubmitted yet, or undefined: a rejection for wrong data
 * needs one of the fields it concerns corrected since the rejection.
 */
export function resubmitProblem(code: PortRejectionCodeName, correctedFields: readonly string[]): string | undefined {
  const { correct, meaning, remedy } = portRejectionCodes[code];
  if (correct.length === 0 || correct.some((field) => correctedFields.includes(field))) return undefined;
  return `the order was rejected with ${code} (${meaning}) and none of ${correct.join(', ')} has been corrected since: ${remedy}`;
}
