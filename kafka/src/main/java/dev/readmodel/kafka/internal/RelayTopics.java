package dev.readmodel.kafka.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the relay's topics when they are missing; leaves existing ones as they are. */
public final class RelayTopics {
    private RelayTopics() {
    }

    /**
     * Makes sure {@code topic} (with {@code partitions} partitions and unlimited retention if new) and the
     * one-partition compacted {@code progressTopic} exist.
     *
     * @throws ExecutionException when the broker refuses, with its reason as the cause
     * @throws TimeoutException when the broker does not answer within 30 s
     */
    public static void ensure(String bootstrapServers, Map<String, String> extra, String topic, int partitions,
            String progressTopic) throws ExecutionException, TimeoutException, InterruptedException {
        Properties props = new Properties();
        props.putAll(extra);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            if (!existing.contains(topic)) {
                // the topic is the history consumers rebuild from: the broker's default retention (7 days) would delete it
                missing.add(new NewTopic(topic, partitions, (short) -1).configs(Map.of(
                        TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1")));
            }
            if (!existing.contains(progressTopic)) {
                missing.add(new NewTopic(progressTopic, 1, (short) -1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
