import { Kafka, logLevel as KafkaLogLevel, type KafkaConfig, type logCreator } from 'kafkajs';
import { createLogger } from './json-logger';

process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

/** kafkajs logs through our JSON logger (warnings and errors only: it is chatty). */
const jsonLogCreator: logCreator = () => {
  const log = createLogger('kafkajs');
  return ({ level, log: entry }) => {
    // kafkajs's own timestamp and logger name would repeat the line's `time` and `logger`.
    const { message, timestamp: _timestamp, logger: _logger, ...fields } = entry;
    if (level === KafkaLogLevel.ERROR) log.error(message, fields);
    else if (level === KafkaLogLevel.WARN) log.warn(message, fields);
  };
};

export function createKafka(config: KafkaConfig): Kafka {
  return new Kafka({ logLevel: KafkaLogLevel.WARN, logCreator: jsonLogCreator, ...config });
}
