/**
 * Micrometer meters for a {@link dev.readmodel.kafka.KafkaProjectionConsumer}: its lag per partition and
 * summed, the partitions it holds, its faulted partitions and its fenced commits. Needs
 * {@code micrometer-core} on the class path, which the Kafka module declares optional.
 */
package dev.readmodel.kafka.metrics;
