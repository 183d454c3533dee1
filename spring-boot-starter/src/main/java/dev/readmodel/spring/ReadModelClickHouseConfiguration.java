package dev.readmodel.spring;

import dev.readmodel.clickhouse.ClickHouseConfig;
import dev.readmodel.clickhouse.ClickHouseReadModelStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** A ClickHouse read-model store from {@code readmodel.clickhouse.*}, when readmodel-store-clickhouse is there and the url is set. */
@AutoConfiguration(before = ReadModelAutoConfiguration.class)
@ConditionalOnClass(ClickHouseReadModelStore.class)
// a url that is set and not empty: an empty one turns off a url that the environment sets (READMODEL_CLICKHOUSE_URL)
@ConditionalOnExpression("'${readmodel.clickhouse.url:}' != ''")
@EnableConfigurationProperties(ReadModelProperties.class)
public class ReadModelClickHouseConfiguration {
    /** The store's bean name, which {@code readmodel.projections.<name>.store=clickhouse} refers to. */
    public static final String STORE = "readModelClickHouseStore";

    /**
     * The store.
     *
     * @throws dev.readmodel.core.error.ConfigurationException when a readmodel.clickhouse setting is invalid
     */
    @Bean(name = STORE)
    @ConditionalOnMissingBean(ClickHouseReadModelStore.class)
    public ClickHouseReadModelStore readModelClickHouseStore(ReadModelProperties properties) {
        ReadModelProperties.ClickHouse c = properties.getClickhouse();
        return new ClickHouseReadModelStore(new ClickHouseConfig(c.getUrl(), c.getUser(), c.getPassword(), c.getDatabase()));
    }
}
