/**
 * A total order over one ecosystem's version strings.
 * `compare(a, b)` is negative when a < b, zero when equal, positive when a > b.
 * `valid(v)` says whether the string parses at all; matching skips ranges it cannot parse
 * rather than guessing.
 */
export interface VersionComparator {
  readonly name: string;
  compare(a: string, b: string): number;
  valid(v: string): boolean;
}
