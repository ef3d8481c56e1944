/** A tenant's directory: its employees (users) and their phones (devices). */

/** The classes of service (each includes the ones before it): `internal` … `premium`. */
export type ClassOfServiceValue = 'internal' | 'local' | 'national' | 'mobile' | 'international' | 'premium';

/** An employee of a tenant: extension, SIP account and call features (tenant-owned). */
export interface UsersTable {
  id: string;
  tenant_id: string;
  /** Digits; unique per tenant. */
  extension: string;
  display_name: string;
  /** Lowercase; unique per tenant when set. */
  email: string | null;
  /** Unique per tenant. */
  sip_username: string;
  /** HA1 hashes over `sip_username:<tenant sip_domain>:password` (lowercase hex); both null until a password is set. */
  ha1_md5: string | null;
  ha1_sha256: string | null;
  /** 0 or 1 (do not disturb). */
  dnd: number;
  /** Forwarding targets: an extension's digits, or an external number in E.164 (`+49…`). */
  forward_always: string | null;
  forward_busy: string | null;
  forward_no_answer: string | null;
  /** Set exactly when `forward_no_answer` is. */
  forward_no_answer_seconds: number | null;
  forward_unregistered: string | null;
  /** What the user may dial out to. */
  class_of_service: ClassOfServiceValue;
  /** 0 or 1: withhold the user's number on outbound calls (the network number still travels). */
  clir: number;
  /** An external number in E.164 rung in parallel with the user's devices. */
  ring_external: string | null;
  created_at: string;
  updated_at: string;
}

/** A phone in a tenant's inventory (tenant-owned). */
export interface DevicesTable {
  id: string;
  tenant_id: string;
  label: string;
  vendor: string | null;
  model: string | null;
  /** 12 lowercase hex digits; unique per tenant. */
  mac: string;
  /** The user it is assigned to, if any. */
  user_id: string | null;
  created_at: string;
  updated_at: string;
}
