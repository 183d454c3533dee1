package dev.readmodel.spring;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.health.HealthCheck;
import dev.readmodel.micrometer.ReadModelMetrics;
import dev.readmodel.spring.internal.ReadModelHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine in Actuator: a health indicator named {@code readModel} (from core's {@link HealthCheck},
 * bounded by {@code readmodel.health.*}) when Spring Boot's health module is there, and the engine's
 * meters ({@link ReadModelMetrics}, bound to every registry) when readmodel-micrometer is.
 */
@AutoConfiguration(after = ReadModelAutoConfiguration.class)
@ConditionalOnBean(ProjectionEngine.class)
public class ReadModelActuatorConfiguration {
    /** The health indicator, when Spring Boot's health module is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {
        /**
         * {@code readModel} in {@code /actuator/health}.
         *
         * @throws dev.readmodel.core.error.ConfigurationException when a readmodel.health setting is invalid
         */
        @Bean
        @ConditionalOnMissingBean(name = "readModelHealthIndicator")
        ReadModelHealthIndicator readModelHealthIndicator(ProjectionEngine engine, ReadModelProperties properties) {
            return new ReadModelHealthIndicator(HealthCheck.of(engine, properties.healthConfig()));
        }
    }

    /** The meters, when readmodel-micrometer and Micrometer are on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ReadModelMetrics.class, MeterRegistry.class})
    static class Metrics {
        /** A MeterBinder: Spring Boot binds it to every MeterRegistry it configures. */
        @Bean
        @ConditionalOnMissingBean
        ReadModelMetrics readModelMetrics(ProjectionEngine engine) {
            return new ReadModelMetrics(engine);
        }
    }
}
