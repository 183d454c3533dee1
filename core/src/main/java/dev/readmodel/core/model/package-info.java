/**
 * Read models and their documents: {@link dev.readmodel.core.model.ReadModel} declares a model’s key and typed
 * fields, {@link dev.readmodel.core.model.Document} is one stored row or search document, and
 * {@link dev.readmodel.core.model.FieldType} says how each field is stored, compared and converted.
 */
package dev.readmodel.core.model;
