package dev.readmodel.postgres.internal;

import dev.readmodel.core.error.ConfigurationException;

/** Quoting of identifiers. Every name that reaches SQL passed the read model's or the config's check first. */
public final class SqlNames {
    private SqlNames() {
    }

    /** {@code "name"}, after checking that {@code name} is a plain lower-case identifier. */
    public static String quote(String name) {
        if (!safe(name)) {
            throw new ConfigurationException("Invalid SQL identifier [" + name + "]");
        }
        return '"' + name + '"';
    }

    /** {@code [a-z_][a-z0-9_]{0,62}}, checked without a regular expression: every query quotes its names. */
    private static boolean safe(String name) {
        int length = name.length();
        if (length == 0 || length > 63) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** {@code "schema"."name"}. */
    public static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }
}
