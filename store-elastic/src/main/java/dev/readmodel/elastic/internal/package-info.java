/** Internals of the Elasticsearch store: mappings, request bodies, responses, index administration. Not API. */
package dev.readmodel.elastic.internal;
