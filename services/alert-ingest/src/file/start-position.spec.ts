import { startPosition } from './start-position';

const file = { identity: '64768:131', size: 5000 };

describe('startPosition', () => {
  it.each<[string, Parameters<typeof startPosition>[0], 'end' | 'beginning', { position: number; reason: string }]>([
    ['never seen, start at the end', undefined, 'end', { position: 5000, reason: 'first-start' }],
    ['never seen, start at the beginning', undefined, 'beginning', { position: 0, reason: 'first-start' }],
    ['the same file: resume', { identity: '64768:131', position: 1200 }, 'end', { position: 1200, reason: 'resume' }],
    ['the same file read to its end: resume there', { identity: '64768:131', position: 5000 }, 'end', { position: 5000, reason: 'resume' }],
    ['the same file, now shorter: truncated, from 0', { identity: '64768:131', position: 5001 }, 'end', { position: 0, reason: 'truncated' }],
    ['another inode (rotated while down): from 0', { identity: '64768:999', position: 1200 }, 'end', { position: 0, reason: 'new-file' }],
    ['the file did not exist before: from 0', { identity: 'none', position: 0 }, 'end', { position: 0, reason: 'new-file' }],
  ])('%s', (_name, saved, startAt, expected) => {
    expect(startPosition(saved, file, startAt)).toEqual(expected);
  });
});
