package dev.readmodel.spring;

import dev.readmodel.elastic.ElasticConfig;
import dev.readmodel.elastic.ElasticReadModelStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** An Elasticsearch read-model store from {@code readmodel.elastic.*}, when readmodel-store-elastic is there and the url is set. */
@AutoConfiguration(before = ReadModelAutoConfiguration.class)
@ConditionalOnClass(ElasticReadModelStore.class)
// a url that is set and not empty: an empty one turns off a url that the environment sets (READMODEL_ELASTIC_URL)
@ConditionalOnExpression("'${readmodel.elastic.url:}' != ''")
@EnableConfigurationProperties(ReadModelProperties.class)
public class ReadModelElasticConfiguration {
    /** The store's bean name, which {@code readmodel.projections.<name>.store=elastic} refers to. */
    public static final String STORE = "readModelElasticStore";

    /**
     * The store.
     *
     * @throws dev.readmodel.core.error.ConfigurationException when a readmodel.elastic setting is invalid
     */
    @Bean(name = STORE)
    @ConditionalOnMissingBean(ElasticReadModelStore.class)
    public ElasticReadModelStore readModelElasticStore(ReadModelProperties properties) {
        ReadModelProperties.Elastic e = properties.getElastic();
        return new ElasticReadModelStore(ElasticConfig.of(e.getUrl()).withIndexPrefix(e.getIndexPrefix())
                .withReplicas(e.getReplicas()));
    }
}
