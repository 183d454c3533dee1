package dev.readmodel.examples.cli;

import dev.readmodel.core.query.SearchText;

/**
 * Highlighted fragments for a terminal: the matched words in bold (ANSI) when standard output is an
 * interactive terminal that takes colours ({@code NO_COLOR} unset, {@code TERM} not {@code dumb}),
 * otherwise between asterisks, {@code *jacket*}, so that piped output and logs carry no escape codes and
 * no raw {@code <em>} tags.
 */
final class Highlights {
    static final String BOLD = "\u001B[1m";
    static final String NORMAL = "\u001B[22m";

    private Highlights() {
    }

    /** Whether this process writes to a terminal that shows bold. */
    static boolean terminal() {
        String term = System.getenv("TERM");
        return System.console() != null && System.getenv("NO_COLOR") == null && term != null && !term.equals("dumb");
    }

    /** {@code marked} (a fragment with {@link SearchText#MARK_START} and {@link SearchText#MARK_END}) for the output. */
    static String render(String marked, boolean terminal) {
        return marked.replace(SearchText.MARK_START, terminal ? BOLD : "*").replace(SearchText.MARK_END, terminal ? NORMAL : "*");
    }
}
