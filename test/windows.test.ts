import { parseMaintenanceWindow, parseSnapshotWindow, windowLength, windowsOverlap } from '../lib/private/windows';

describe('maintenance and snapshot windows', () => {
  test('parses lengths, including windows that wrap past midnight and the end of the week', () => {
    expect(windowLength(parseSnapshotWindow('03:00-05:00')!)).toBe(120);
    expect(windowLength(parseSnapshotWindow('23:30-00:30')!)).toBe(60);
    expect(windowLength(parseMaintenanceWindow('sat:23:00-sun:01:00')!)).toBe(120);
    expect(windowLength(parseMaintenanceWindow('SUN:06:00-SUN:07:00')!)).toBe(60);
  });

  test('rejects malformed windows', () => {
    expect(parseSnapshotWindow('24:00-01:00')).toBeUndefined();
    expect(parseSnapshotWindow('03:00')).toBeUndefined();
    expect(parseMaintenanceWindow('sun:06:00-xyz:07:00')).toBeUndefined();
  });

  test.each([
    ['03:00-05:00', 'sun:06:00-sun:07:00', false],
    ['03:00-05:00', 'sun:05:00-sun:06:00', false],
    ['03:00-05:00', 'thu:04:59-thu:06:00', true],
    ['23:30-00:45', 'sun:00:30-sun:01:30', true],
    ['23:30-00:45', 'sat:23:00-sun:00:15', true],
    ['01:00-02:00', 'sat:23:30-sun:01:30', true],
  ])('snapshot %s vs maintenance %s overlap: %s', (snapshot, maintenance, overlaps) => {
    expect(windowsOverlap(parseSnapshotWindow(snapshot)!, parseMaintenanceWindow(maintenance)!)).toBe(overlaps);
  });
});
