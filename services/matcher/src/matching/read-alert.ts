import { AlertV1, ContractViolationError, fromHeaders, parseJsonBytes, type Alert, type Envelope } from '@riposte/contracts';
import type { IncomingMessage } from '@riposte/bus';

/**
 * The contract edge of the alerts topic: the body must be a valid AlertV1 and the headers a valid envelope, else a
 * ContractViolationError sends the message to the dead-letter topic with the reason (bytes that are not UTF-8, an
 * alert past the shape limits of `AlertV1.parse`).
 *
 * The alert returned is the ORIGINAL decoded object, once validated: zod rebuilds objects in schema key order, and
 * the script must receive `parameters.alert` exactly as Wazuh wrote it (spec §3.1).
 */
export function readAlert(msg: IncomingMessage): { alert: Alert; envelope: Envelope } {
  const size = msg.value?.length ?? 0;
  // What alert-ingest refuses, refused here too: a producer may write to this topic without going through it.
  if (size > AlertV1.MAX_ALERT_BYTES) throw new ContractViolationError(`invalid alert: ${size} bytes, over MAX_ALERT_BYTES (${AlertV1.MAX_ALERT_BYTES})`);
  const raw = parseJsonBytes(msg.value, 'alert');
  AlertV1.parse(raw);
  return { alert: raw as Alert, envelope: fromHeaders(msg.headers) };
}
