/** The examples application and operator CLI ({@link dev.readmodel.examples.cli.App}). */
package dev.readmodel.examples.cli;
