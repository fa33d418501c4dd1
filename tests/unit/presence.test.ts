import { describe, expect, it } from 'vitest';
import { PresenceRegistry } from '../../server/realtime/presence.js';

const ada = { userId: 'u-ada', name: 'Ada', color: '#1d4ed8' };
const bob = { userId: 'u-bob', name: 'Bob', color: '#b91c1c' };

describe('presence registry', () => {
  it('tracks each socket in a paper and the page it has open', () => {
    const presence = new PresenceRegistry();
    expect(presence.join('paper', 's1', bob)).toBe(true);
    expect(presence.join('paper', 's2', ada)).toBe(true);
    expect(presence.join('paper', 's2', ada)).toBe(false);
    expect(presence.setPage('paper', 's1', 'page-1')).toBe(true);
    expect(presence.setPage('paper', 's1', 'page-1')).toBe(false);
    expect(presence.setPage('other', 's1', 'page-1')).toBe(false);
    expect(presence.people('paper')).toEqual([
      { ...ada, pageId: null },
      { ...bob, pageId: 'page-1' },
    ]);
  });

  it('shows a person once per open page, however many tabs', () => {
    const presence = new PresenceRegistry();
    presence.join('paper', 's1', ada);
    presence.join('paper', 's2', ada);
    presence.join('paper', 's3', ada);
    presence.setPage('paper', 's3', 'page-2');
    expect(presence.people('paper').map((p) => p.pageId)).toEqual([null, 'page-2']);
  });

  it('forgets a socket that leaves one paper or disconnects from all', () => {
    const presence = new PresenceRegistry();
    presence.join('one', 's1', ada);
    presence.join('two', 's1', ada);
    presence.join('two', 's2', bob);
    expect(presence.leave('one', 's1')).toBe(true);
    expect(presence.leave('one', 's1')).toBe(false);
    expect(presence.people('one')).toEqual([]);
    expect(presence.leaveAll('s1')).toEqual(['two']);
    expect(presence.people('two')).toEqual([{ ...bob, pageId: null }]);
  });
});
