/**
 * The exceptions readmodel throws: one sealed root, {@link dev.readmodel.core.error.ReadModelException}, with three
 * branches — {@link dev.readmodel.core.error.TransientException} (a retry may succeed),
 * {@link dev.readmodel.core.error.PermanentException} (it will not) and {@link dev.readmodel.core.error.StateException}
 * (not possible in the current state). Callers can switch on the branch; every leaf is final.
 */
package dev.readmodel.core.error;
