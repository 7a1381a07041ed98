/**
 * Where an AWS fact the library relies on comes from, and when it was last checked. Every module of lib/facts/ cites
 * its facts with this shape (replacement.ts declares its own copy of it: that module is copied into another package
 * and imports nothing).
 */
export interface FactSource {
  /** The AWS page, or the issue thread where AWS states it. */
  readonly url: string;
  /** The day the source was last read and still said so: YYYY-MM-DD. */
  readonly checked: string;
  /** The words that state the fact, when the page says much more. */
  readonly quote?: string;
}

/** The day the facts of this directory were last checked against their sources. */
export const CHECKED = '2026-12-04';
