/**
 * The order domain of the projection guide: order summaries, daily sales and customer activity, on
 * PostgreSQL or in memory.
 */
package dev.readmodel.examples.orders;
