import { Token } from 'aws-cdk-lib';

/**
 * Parsing and overlap checks for ElastiCache's daily snapshot window (`hh24:mi-hh24:mi`, UTC) and weekly
 * maintenance window (`ddd:hh24:mi-ddd:hh24:mi`, UTC). Both must be at least 60 minutes long; ElastiCache
 * rejects a maintenance window that overlaps the snapshot window.
 */

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** Format descriptions, for error messages. */
export const SNAPSHOT_WINDOW_FORMAT = "'hh24:mi-hh24:mi' in UTC, at least 60 minutes, e.g. '03:00-05:00'";
export const MAINTENANCE_WINDOW_FORMAT = "'ddd:hh24:mi-ddd:hh24:mi' in UTC, 60 minutes to 24 hours, e.g. 'sun:06:00-sun:07:00'";

/** A half-open interval [start, end) in minutes; `end` may exceed the period when the window wraps. */
interface Interval {
  readonly start: number;
  readonly end: number;
}

function parseClock(text: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

function toInterval(start: number, end: number, period: number): Interval {
  return { start, end: end > start ? end : end + period };
}

/** Parses a snapshot window into minutes of the day; undefined when malformed. */
export function parseSnapshotWindow(window: string): Interval | undefined {
  const parts = window.split('-');
  if (parts.length !== 2) return undefined;
  const [start, end] = parts.map(parseClock);
  if (start === undefined || end === undefined) return undefined;
  return toInterval(start, end, MINUTES_PER_DAY);
}

/** Parses a maintenance window into minutes of the week; undefined when malformed. */
export function parseMaintenanceWindow(window: string): Interval | undefined {
  const parts = window.toLowerCase().split('-');
  if (parts.length !== 2) return undefined;
  const [start, end] = parts.map((part) => {
    const match = /^([a-z]{3}):(.*)$/.exec(part);
    const day = match ? DAYS.indexOf(match[1]) : -1;
    const clock = match ? parseClock(match[2]) : undefined;
    return day < 0 || clock === undefined ? undefined : day * MINUTES_PER_DAY + clock;
  });
  if (start === undefined || end === undefined) return undefined;
  return toInterval(start, end, MINUTES_PER_WEEK);
}

/** Length of a window in minutes. */
export function windowLength(interval: Interval): number {
  return interval.end - interval.start;
}

/** True when the weekly maintenance window overlaps the daily snapshot window on any day. */
export function windowsOverlap(snapshot: Interval, maintenance: Interval): boolean {
  for (let day = -1; day <= 7; day++) {
    const dailyStart = snapshot.start + day * MINUTES_PER_DAY;
    const dailyEnd = snapshot.end + day * MINUTES_PER_DAY;
    // Compare against the maintenance window and its copies one week earlier and later (wrap-around).
    for (const shift of [-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK]) {
      if (dailyStart < maintenance.end + shift && maintenance.start + shift < dailyEnd) return true;
    }
  }
  return false;
}

/** The problem with a maintenance window (`prop` names it in the message), or undefined when it is valid or a token. */
export function maintenanceWindowProblem(prop: string, window: string): string | undefined {
  if (Token.isUnresolved(window)) return undefined;
  const interval = parseMaintenanceWindow(window);
  return !interval || windowLength(interval) < 60 || windowLength(interval) > 24 * 60
    ? `${prop} '${window}' is invalid: expected ${MAINTENANCE_WINDOW_FORMAT}`
    : undefined;
}
