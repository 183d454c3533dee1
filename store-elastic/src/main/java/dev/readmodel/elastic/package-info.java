/**
 * Elasticsearch for full-text search read models, through the official elasticsearch-java client.
 * {@link dev.readmodel.elastic.ElasticConfig} says where the cluster is.
 */
package dev.readmodel.elastic;
