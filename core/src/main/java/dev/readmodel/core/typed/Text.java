package dev.readmodel.core.typed;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stores a {@code String} component as {@link dev.readmodel.core.model.FieldType#TEXT}, for full-text search,
 * instead of {@link dev.readmodel.core.model.FieldType#KEYWORD}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Text {
}
