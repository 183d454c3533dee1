package dev.readmodel.core.typed;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names the field a record component is stored in; without it the name is the component's name in snake_case. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface FieldName {
    /** The field's name: lower-case letters, digits and {@code _}, starting with a letter, at most 48 characters. */
    String value();
}
