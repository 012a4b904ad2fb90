import { randomBytes } from 'node:crypto';

/** A name no other test file uses: topics, consumer groups, Redis key prefixes, topic namespaces. */
export function uniqueName(prefix = 'test'): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
