package dev.readmodel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyHashSet} against a {@link HashSet} oracle. Its 64-bit hashes may in principle collide, but
 * for random keys in these numbers a collision is as likely as winning a lottery twice, so the set must
 * answer exactly as the oracle does; the seeds keep any failure reproducible.
 */
class KeyHashSetTest {
    private static final String[] MODELS = {"orders", "customers", "order", "s"};

    @Test
    void anEmptySetContainsNothing() {
        KeyHashSet set = new KeyHashSet();
        assertThat(set.size()).isZero();
        assertThat(set.mightContain(new DocumentRef("orders", "o-1"))).isFalse();
        assertThat(set.mightContain(new DocumentRef("", ""))).isFalse();
    }

    @Test
    void addingAKeyTwiceCountsItOnce() {
        KeyHashSet set = new KeyHashSet();
        set.add(new DocumentRef("orders", "o-1"));
        set.add(new DocumentRef("orders", "o-1"));
        assertThat(set.size()).isEqualTo(1);
        assertThat(set.mightContain(new DocumentRef("orders", "o-1"))).isTrue();
    }

    @Test
    void modelAndIdAreNotRunTogether() {
        KeyHashSet set = new KeyHashSet();
        set.add(new DocumentRef("ab", "c"));
        assertThat(set.mightContain(new DocumentRef("a", "bc"))).isFalse();
        assertThat(set.mightContain(new DocumentRef("abc", ""))).isFalse();
        assertThat(set.mightContain(new DocumentRef("c", "ab"))).isFalse();
        assertThat(set.mightContain(new DocumentRef("ab", "c"))).isTrue();
    }

    @Test
    void randomKeysAnswerAsAHashSetDoesThroughManyGrowths() {
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            KeyHashSet set = new KeyHashSet();
            Set<DocumentRef> oracle = new HashSet<>();
            // 4096 slots at the start, doubled at half full: 40,000 keys grow the table four times
            int adds = 10_000 + random.nextInt(30_000);
            List<DocumentRef> added = new ArrayList<>(adds);
            for (int i = 0; i < adds; i++) {
                // a small id space, so that many adds repeat a key already there
                DocumentRef ref = i > 0 && random.nextInt(5) == 0 ? added.get(random.nextInt(added.size()))
                        : randomRef(random, adds);
                set.add(ref);
                oracle.add(ref);
                added.add(ref);
                if (i % 997 == 0) {
                    assertThat(set.size()).as("seed %d after %d adds", seed, i + 1).isEqualTo(oracle.size());
                }
            }
            assertThat(set.size()).as("seed %d", seed).isEqualTo(oracle.size());
            for (DocumentRef ref : oracle) {
                assertThat(set.mightContain(ref)).as("seed %d: %s was added", seed, ref).isTrue();
            }
            for (int i = 0; i < 20_000; i++) {
                DocumentRef probe = randomRef(random, adds * 4);
                assertThat(set.mightContain(probe)).as("seed %d: %s", seed, probe).isEqualTo(oracle.contains(probe));
            }
        }
    }

    @Test
    void keysThatDifferInOneCharacterAreAllKept() {
        // sequential ids share long prefixes and land in neighbouring slots: the probing must walk past them
        KeyHashSet set = new KeyHashSet();
        for (int i = 0; i < 50_000; i++) {
            set.add(new DocumentRef("orders", "o-" + i));
        }
        assertThat(set.size()).isEqualTo(50_000);
        for (int i = 0; i < 50_000; i++) {
            assertThat(set.mightContain(new DocumentRef("orders", "o-" + i))).isTrue();
            assertThat(set.mightContain(new DocumentRef("customers", "o-" + i))).isFalse();
        }
        assertThat(set.mightContain(new DocumentRef("orders", "o-50000"))).isFalse();
    }

    private static DocumentRef randomRef(Random random, int idSpace) {
        String model = MODELS[random.nextInt(MODELS.length)];
        String id = random.nextInt(10) == 0 ? unicode(random) : "id-" + random.nextInt(idSpace);
        return new DocumentRef(model, id);
    }

    private static String unicode(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(6); i >= 0; i--) {
            text.append((char) (1 + random.nextInt(0xD7FF)));
        }
        return text.toString();
    }
}
