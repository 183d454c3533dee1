package dev.readmodel.core.event;

import dev.readmodel.core.error.ConfigurationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which event types a projection handles: exact names ({@code invoice.created}), wildcard patterns in
 * which {@code *} stands for any run of characters ({@code invoice.*}, {@code *.deleted}), or all
 * events ({@code *}). Immutable and thread-safe. Stores read {@link #exactTypes()} and
 * {@link #wildcardPatterns()} to filter on their side.
 */
public final class EventTypeMatcher {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._\\-*]+");
    private static final EventTypeMatcher ALL = new EventTypeMatcher(Set.of(), List.of(), true);

    private final Set<String> exact;
    private final List<String> wildcards;
    private final List<Pattern> compiled;
    private final boolean all;

    private EventTypeMatcher(Set<String> exact, List<String> wildcards, boolean all) {
        this.exact = Set.copyOf(exact);
        this.wildcards = List.copyOf(wildcards);
        this.all = all;
        List<Pattern> patterns = new ArrayList<>();
        for (String wildcard : wildcards) {
            patterns.add(Pattern.compile(globToRegex(wildcard)));
        }
        this.compiled = List.copyOf(patterns);
    }

    /** Matches every event type. */
    public static EventTypeMatcher all() {
        return ALL;
    }

    /**
     * Matches any of the given names or patterns.
     *
     * @throws ConfigurationException when none is given, or one is empty or has characters other than
     *     letters, digits, {@code . _ -} and {@code *}
     */
    public static EventTypeMatcher of(String... patterns) {
        return of(List.of(patterns));
    }

    /** Same as {@link #of(String...)}, for a collection. */
    public static EventTypeMatcher of(Collection<String> patterns) {
        if (patterns.isEmpty()) {
            throw new ConfigurationException("An event type matcher needs at least one type or pattern");
        }
        Set<String> exact = new LinkedHashSet<>();
        List<String> wildcards = new ArrayList<>();
        for (String pattern : patterns) {
            if (pattern == null || pattern.isEmpty() || !VALID.matcher(pattern).matches()) {
                throw new ConfigurationException("Invalid event type pattern [" + pattern
                        + "]: use letters, digits, '.', '_', '-' and '*' (any run of characters)");
            }
            if (pattern.chars().allMatch(c -> c == '*')) {
                return ALL;
            }
            if (pattern.indexOf('*') >= 0) {
                if (!wildcards.contains(pattern)) {
                    wildcards.add(pattern);
                }
            } else {
                exact.add(pattern);
            }
        }
        return new EventTypeMatcher(exact, wildcards, false);
    }

    /** Whether events of {@code type} are matched. */
    public boolean matches(String type) {
        if (all || exact.contains(type)) {
            return true;
        }
        for (Pattern pattern : compiled) {
            if (pattern.matcher(type).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Whether this matcher takes every event. */
    public boolean matchesAll() {
        return all;
    }

    /** The exact type names; empty when {@link #matchesAll()}. */
    public Set<String> exactTypes() {
        return exact;
    }

    /** The patterns containing {@code *}; empty when {@link #matchesAll()}. */
    public List<String> wildcardPatterns() {
        return wildcards;
    }

    /** A matcher that takes what this one or {@code other} takes. */
    public EventTypeMatcher or(EventTypeMatcher other) {
        if (all || other.all) {
            return ALL;
        }
        Set<String> exactUnion = new LinkedHashSet<>(exact);
        exactUnion.addAll(other.exact);
        List<String> wildcardUnion = new ArrayList<>(wildcards);
        other.wildcards.stream().filter(w -> !wildcardUnion.contains(w)).forEach(wildcardUnion::add);
        return new EventTypeMatcher(exactUnion, wildcardUnion, false);
    }

    private static String globToRegex(String glob) {
        List<String> parts = new ArrayList<>();
        for (String part : glob.split("\\*", -1)) {
            parts.add(part.isEmpty() ? "" : Pattern.quote(part));
        }
        return String.join(".*", parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventTypeMatcher other && all == other.all && exact.equals(other.exact)
                && Set.copyOf(wildcards).equals(Set.copyOf(other.wildcards));
    }

    @Override
    public int hashCode() {
        return all ? 1 : exact.hashCode() * 31 + Set.copyOf(wildcards).hashCode();
    }

    @Override
    public String toString() {
        if (all) {
            return "*";
        }
        List<String> parts = new ArrayList<>(exact);
        parts.addAll(wildcards);
        return String.join(",", parts);
    }
}
