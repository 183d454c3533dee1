package dev.readmodel.core.engine;

import dev.readmodel.core.change.CommitNotice;
import dev.readmodel.core.change.Committed;
import dev.readmodel.core.change.DocumentChange;
import dev.readmodel.core.change.Replaced;
import dev.readmodel.core.change.Resumed;
import java.util.List;
import java.util.Set;

/**
 * What one subscription receives: everything, or the commits of the projections owning its read models
 * with only those read models' changes.
 *
 * @param readModels the read models subscribed to; empty for all
 * @param projections the projections owning them; empty for all
 */
record NoticeFilter(Set<String> readModels, Set<String> projections) {
    static final NoticeFilter ALL = new NoticeFilter(Set.of(), Set.of());

    /** {@code notice} as this subscription sees it; {@code null} when it does not concern it. */
    CommitNotice apply(CommitNotice notice) {
        if (readModels.isEmpty()) {
            return notice;
        }
        if (notice instanceof Committed committed) {
            if (!projections.contains(committed.projection())) {
                return null;
            }
            List<DocumentChange> changes = committed.changes().stream().filter(c -> readModels.contains(c.readModel()))
                    .toList();
            return changes.size() == committed.changes().size() ? committed
                    : new Committed(committed.projection(), committed.position(), changes);
        }
        if (notice instanceof Resumed resumed) {
            return projections.contains(resumed.projection()) ? notice : null;
        }
        if (notice instanceof Replaced replaced) {
            List<String> names = replaced.readModels().stream().filter(readModels::contains).toList();
            return names.isEmpty() ? null
                    : new Replaced(replaced.projection(), replaced.position(), names, replaced.reason());
        }
        return notice;
    }
}
