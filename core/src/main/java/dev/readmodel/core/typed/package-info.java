/**
 * Typed read models: a Java record declares a read model ({@link dev.readmodel.core.typed.TypedReadModel}),
 * with annotations for the names and types that do not follow from the record ({@link
 * dev.readmodel.core.typed.ReadModelName}, {@link dev.readmodel.core.typed.Key}, {@link
 * dev.readmodel.core.typed.FieldName}, {@link dev.readmodel.core.typed.Text}). A typed read model converts its
 * records to and from {@link dev.readmodel.core.model.Document}s, so every store works with it unchanged.
 */
package dev.readmodel.core.typed;
