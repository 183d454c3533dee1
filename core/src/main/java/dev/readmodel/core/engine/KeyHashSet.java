package dev.readmodel.core.engine;

import java.util.Arrays;

/**
 * A set of 64-bit hashes with open addressing: about 16 bytes per key, so a rebuild can remember every
 * document it wrote. Hash collisions only make {@link #mightContain} answer yes for a key never added,
 * which costs a needless store read, never a wrong answer. Not thread-safe.
 */
final class KeyHashSet {
    private static final long EMPTY = 0;

    private long[] slots = new long[1 << 12];
    private int size;

    void add(DocumentRef ref) {
        long hash = hash(ref);
        if ((size + 1) * 2L > slots.length) {
            grow();
        }
        if (insert(slots, hash)) {
            size++;
        }
    }

    boolean mightContain(DocumentRef ref) {
        long hash = hash(ref);
        int mask = slots.length - 1;
        for (int i = (int) mix(hash) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == EMPTY) {
                return false;
            }
            if (slots[i] == hash) {
                return true;
            }
        }
    }

    int size() {
        return size;
    }

    private static boolean insert(long[] table, long hash) {
        int mask = table.length - 1;
        for (int i = (int) mix(hash) & mask; ; i = (i + 1) & mask) {
            if (table[i] == EMPTY) {
                table[i] = hash;
                return true;
            }
            if (table[i] == hash) {
                return false;
            }
        }
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long hash : slots) {
            if (hash != EMPTY) {
                insert(bigger, hash);
            }
        }
        slots = bigger;
    }

    /** A 64-bit hash of model and id; never {@link #EMPTY}. */
    private static long hash(DocumentRef ref) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, ref.model());
        h = (h ^ 0xff) * 0x100000001b3L;
        h = fnv(h, ref.id());
        return h == EMPTY ? 1 : h;
    }

    private static long fnv(long h, String text) {
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }

    @Override
    public String toString() {
        return "KeyHashSet[" + size + " of " + Arrays.stream(slots).count() + " slots]";
    }
}
