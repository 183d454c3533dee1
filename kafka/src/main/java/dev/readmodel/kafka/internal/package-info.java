/** The Kafka relay's internals: its progress records and its topics. Not API. */
package dev.readmodel.kafka.internal;
