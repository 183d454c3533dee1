package dev.readmodel.core.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a word of a search is, for every store: a run of letters and digits ({@code \p{L}} and
 * {@code \p{N}}), lower-cased with {@link Locale#ROOT}. Everything else separates words, so
 * {@code O'Brien} is {@code o} and {@code brien}, {@code contract_items} is {@code contract} and
 * {@code items}, and {@code *:*} has no words. Highlights mark each matched word of a field with
 * {@code <em>} and {@code </em>}. Stateless and thread-safe.
 */
public final class SearchText {
    /** Marks the start of a matched word in a highlight. */
    public static final String MARK_START = "<em>";
    /** Marks the end of a matched word in a highlight. */
    public static final String MARK_END = "</em>";
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private SearchText() {
    }

    /** The words of {@code text}, in order, lower-cased; repeated words repeated. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(text);
        while (matcher.find()) {
            words.add(matcher.group().toLowerCase(Locale.ROOT));
        }
        return words;
    }

    /**
     * {@code text} with each word that is one of {@code words} (lower-cased) marked, or {@code null} when
     * none is.
     */
    public static String highlight(String text, Collection<String> words) {
        StringBuilder marked = new StringBuilder(text.length() + 16);
        boolean any = false;
        Matcher matcher = WORD.matcher(text);
        int last = 0;
        while (matcher.find()) {
            marked.append(text, last, matcher.start());
            String word = matcher.group();
            if (words.contains(word.toLowerCase(Locale.ROOT))) {
                marked.append(MARK_START).append(word).append(MARK_END);
                any = true;
            } else {
                marked.append(word);
            }
            last = matcher.end();
        }
        return any ? marked.append(text, last, text.length()).toString() : null;
    }
}
