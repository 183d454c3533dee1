package dev.readmodel.core.typed;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names the read model a record declares; without it the name is the record's simple name in snake_case. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ReadModelName {
    /** The read model's name: lower-case letters, digits and {@code _}, starting with a letter, at most 48 characters. */
    String value();
}
