/** The starter's internals: the transaction-joining DataSource, the engine's lifecycle, the health indicator. Not API. */
package dev.readmodel.spring.internal;
