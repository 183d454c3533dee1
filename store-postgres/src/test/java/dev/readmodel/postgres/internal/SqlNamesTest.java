package dev.readmodel.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ConfigurationException;
import org.junit.jupiter.api.Test;

/** Only plain lower-case identifiers reach SQL, quoted: the check every query's names go through. */
class SqlNamesTest {
    @Test
    void plainLowerCaseNamesAreQuoted() {
        assertThat(SqlNames.quote("order_summaries")).isEqualTo("\"order_summaries\"");
        assertThat(SqlNames.quote("_x9")).isEqualTo("\"_x9\"");
        assertThat(SqlNames.quote("a".repeat(63))).hasSize(65);
        assertThat(SqlNames.qualified("readmodel", "t1")).isEqualTo("\"readmodel\".\"t1\"");
    }

    @Test
    void anythingElseIsRefusedByName() {
        for (String bad : new String[] {"", "9lives", "Orders", "a-b", "a b", "x\"; drop table t; --", "é", "a".repeat(64)}) {
            assertThatThrownBy(() -> SqlNames.quote(bad)).as(bad).isInstanceOf(ConfigurationException.class)
                    .hasMessage("Invalid SQL identifier [" + bad + "]");
        }
    }
}
