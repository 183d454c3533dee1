/**
 * Internals of the Elasticsearch store: mappings, request bodies, responses, index administration, bulk
 * writing and refresh tracking, loads, checkpoints and shadow indexes. Not API.
 */
package dev.readmodel.elastic.internal;
