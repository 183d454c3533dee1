/** The query server's routes, parameter parsing, JSON shapes and problem answers; not a public API. */
package dev.readmodel.server.internal;
