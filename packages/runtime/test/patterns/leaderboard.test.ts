import { Leaderboard } from '../../src/patterns/leaderboard';
import { useRedisServer } from '../redis-server';

const suite = useRedisServer();
let board: Leaderboard;

beforeEach(async () => {
  await suite.redis.flushall();
  board = new Leaderboard(suite.redis, 'weekly');
  // dave and bob tie on 20, carol and erin on 10.
  for (const [member, score] of [
    ['alice', 30],
    ['bob', 20],
    ['dave', 20],
    ['erin', 10],
    ['carol', 10],
    ['frank', 5],
  ] as const) {
    await board.submit(member, score);
  }
});

describe('Leaderboard', () => {
  test('top(n) lists the highest scores first and breaks ties by member name ascending', async () => {
    expect(await board.top(5)).toEqual([
      { member: 'alice', score: 30, rank: 1 },
      { member: 'bob', score: 20, rank: 2 },
      { member: 'dave', score: 20, rank: 3 },
      { member: 'carol', score: 10, rank: 4 },
      { member: 'erin', score: 10, rank: 5 },
    ]);
    expect(await board.top(0)).toEqual([]);
    expect(await board.top(100)).toHaveLength(6);
  });

  test('submit replaces a score and increment adds to it', async () => {
    await board.submit('frank', 25);
    expect(await board.increment('erin', 21)).toBe(31);
    expect(await board.increment('newbie', 3)).toBe(3);
    expect(await board.increment('alice', -30)).toBe(0);

    expect((await board.top(3)).map((e) => [e.member, e.score])).toEqual([
      ['erin', 31],
      ['frank', 25],
      ['bob', 20],
    ]);
    expect(await board.rankOf('alice')).toEqual({ rank: 7, score: 0 });
  });

  test('rankOf returns the 1-based rank and score, undefined for an unknown member', async () => {
    expect(await board.rankOf('alice')).toEqual({ rank: 1, score: 30 });
    expect(await board.rankOf('dave')).toEqual({ rank: 3, score: 20 });
    expect(await board.rankOf('frank')).toEqual({ rank: 6, score: 5 });
    expect(await board.rankOf('nobody')).toBeUndefined();
  });

  test('around(member, radius) returns the page centred on the member, clipped at both ends', async () => {
    expect((await board.around('carol', 1)).map((e) => `${e.rank}:${e.member}`)).toEqual(['3:dave', '4:carol', '5:erin']);
    expect((await board.around('alice', 2)).map((e) => e.member)).toEqual(['alice', 'bob', 'dave']);
    expect((await board.around('frank', 1)).map((e) => e.member)).toEqual(['erin', 'frank']);
    expect(await board.around('nobody', 1)).toEqual([]);
  });

  test('keeps fractional and negative scores', async () => {
    await board.submit('pi', 3.25);
    await board.submit('debt', -4);
    expect(await board.rankOf('pi')).toEqual({ rank: 7, score: 3.25 });
    expect(await board.rankOf('debt')).toEqual({ rank: 8, score: -4 });
  });

  test('rejects non-finite scores and bad page sizes', async () => {
    await expect(board.submit('x', Number.NaN)).rejects.toThrow(/score must be a finite number/);
    await expect(board.top(-1)).rejects.toThrow(/n must be an integer/);
    await expect(board.around('alice', 1.5)).rejects.toThrow(/radius must be an integer/);
  });
});
