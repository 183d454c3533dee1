/** Invoice analytics: monthly totals, paid versus outstanding, revenue by customer, refunds; on ClickHouse or in memory. */
package dev.readmodel.examples.invoices;
