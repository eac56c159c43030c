/** A de-identification project: its name, its secret key and the options it chose. */
export interface DeidentificationProject {
  readonly name: string;
  /** The project's secret (32 random bytes from the key store); never logged, never written out. */
  readonly key: Uint8Array;
  /** Retain Device Identity Option (113109): keep serial numbers, station names, detector IDs. */
  readonly retainDeviceIdentity?: boolean;
  /**
   * Attributes (eight hex digits, e.g. '00204000') the cleaner leaves verbatim. The verification
   * checks them like any other, so keeping one the profile removes or empties fails the set: the
   * report then shows the site what its exception would have released.
   */
  readonly keepAttributes?: readonly string[];
}
