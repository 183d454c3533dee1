package dev.readmodel.postgres.internal;

import dev.readmodel.core.error.ConfigurationException;
import java.util.regex.Pattern;

/** Quoting of identifiers. Every name that reaches SQL passed the read model's or the config's check first. */
public final class SqlNames {
    private static final Pattern SAFE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private SqlNames() {
    }

    /** {@code "name"}, after checking that {@code name} is a plain lower-case identifier. */
    public static String quote(String name) {
        if (!SAFE.matcher(name).matches()) {
            throw new ConfigurationException("Invalid SQL identifier [" + name + "]");
        }
        return '"' + name + '"';
    }

    /** {@code "schema"."name"}. */
    public static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }
}
