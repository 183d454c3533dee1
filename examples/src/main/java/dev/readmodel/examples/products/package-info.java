/** Product search: full-text search with facets over a catalogue; on Elasticsearch or in memory. */
package dev.readmodel.examples.products;
