/** A de-identification project: its name, its secret key and the options it chose. */
export interface DeidentificationProject {
  readonly name: string;
  /** The project's secret (32 random bytes from the key store); never logged, never written out. */
  readonly key: Uint8Array;
  /** Retain Device Identity Option (113109): keep serial numbers, station names, detector IDs. */
  readonly retainDeviceIdentity?: boolean;
  /**
   * Attributes (eight hex digits, e.g. '00204000') kept verbatim whatever the profile says: a
   * project's deliberate exception. The verification still checks them, so a kept attribute that
   * carries an identifying value fails the set.
   */
  readonly keepAttributes?: readonly string[];
}
