// A group member that receives a batch and never finishes it, then waits to be SIGKILLed: the at-least-once test.
import { writeFileSync } from 'node:fs';
import { BusProducer, ConsumerHost, createKafka, kafkaConfigFromEnv } from '../index';

async function main(): Promise<void> {
  const [topic, groupId, markerFile] = process.argv.slice(2);
  const kafka = createKafka(kafkaConfigFromEnv(process.env, 'hang-child'));
  const producer = new BusProducer(kafka);
  await producer.connect();
  const host = new ConsumerHost(kafka, producer, {
    groupId,
    topics: [topic],
    sessionTimeout: 6000,
    heartbeatInterval: 300,
    handle: async (m) => {
      writeFileSync(markerFile, m.offset);
      await new Promise(() => undefined); // never completes, never commits
    },
  });
  await host.start();
}
void main();
