import { counter } from '@riposte/bus';

/** Which of the three inputs an alert came through. */
export type IngestInput = 'kafka' | 'http' | 'file';

/** Alerts in, by input and outcome (`accepted` → alerts topic, `rejected` → dead-letter topic). */
export const alertsIn = counter('riposte_alert_ingest_alerts_total', 'Alerts received by alert-ingest, by input and outcome', ['input', 'outcome']);

/** Counts a published batch. */
export function countAlerts(input: IngestInput, accepted: number, rejected: number): void {
  if (accepted) alertsIn.inc({ input, outcome: 'accepted' }, accepted);
  if (rejected) alertsIn.inc({ input, outcome: 'rejected' }, rejected);
}

/** `POST /alerts` refused by authentication (401) or authorisation (403). */
export const authFailures = counter('riposte_alert_ingest_auth_failures_total', 'Requests refused by authentication (401) or authorisation (403)', ['status']);
