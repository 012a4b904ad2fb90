import { encodeValue, type OutgoingMessage } from '@riposte/bus';

/**
 * Largest sum of message sizes sent in one producer send. The broker refuses a record batch over
 * `message.max.bytes` (1 MiB by default) and kafkajs puts every message of one partition in one batch, so one
 * send must stay well under it whatever the partitioning.
 */
export const MAX_SEND_BYTES = 512 * 1024;

/** Rough wire size of a message: value, key, headers, plus the per-record overhead. */
export function messageBytes(m: OutgoingMessage): number {
  let n = 64 + Buffer.byteLength(encodeValue(m.value)) + (m.key ? Buffer.byteLength(m.key) : 0);
  for (const [k, v] of Object.entries(m.headers ?? {})) n += k.length + Buffer.byteLength(v) + 4;
  return n;
}

/** Splits messages, in order, into groups of at most `maxBytes` each (a larger message travels alone). PURE. */
export function chunkByBytes(messages: readonly OutgoingMessage[], maxBytes = MAX_SEND_BYTES): OutgoingMessage[][] {
  const chunks: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let size = 0;
  for (const m of messages) {
    const n = messageBytes(m);
    if (current.length > 0 && size + n > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(m);
    size += n;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
