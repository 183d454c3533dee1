/**
 * Scale-out on Apache Kafka. {@link dev.readmodel.kafka.KafkaRelay} publishes an event store to a
 * topic, keyed by stream id, in transactions that also carry its progress, so that a consumer reading
 * with {@code isolation.level=read_committed} sees every event exactly once, in order per stream;
 * {@link dev.readmodel.kafka.EventRecords} names the record headers and turns records back into
 * envelopes. {@link dev.readmodel.kafka.KafkaProjectionConsumer} runs a projection as one member of a
 * consumer group, {@link dev.readmodel.kafka.KafkaProjectionStatus} shows where its partitions stand and
 * {@link dev.readmodel.kafka.KafkaProjectionRebuild} rebuilds it while its instances run.
 */
package dev.readmodel.kafka;
