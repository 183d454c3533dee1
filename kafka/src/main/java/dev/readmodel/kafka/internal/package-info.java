/**
 * The Kafka module's internals: the relay's progress records and topics, a partition's work, recovery and
 * owners, and the rebuild states. Not API.
 */
package dev.readmodel.kafka.internal;
