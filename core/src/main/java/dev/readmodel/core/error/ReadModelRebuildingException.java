package dev.readmodel.core.error;

import dev.readmodel.core.status.RebuildMarker;

/**
 * A query on a read model whose projection has an unfinished truncate rebuild, asked of an engine that
 * refuses partial answers ({@code ProjectionEngine.Builder#refusePartialQueries()}). The message names
 * the read model, the projection and how far the rebuild got. Transient: the same query succeeds once
 * the rebuild has finished.
 */
public final class ReadModelRebuildingException extends TransientException {
    private static final long serialVersionUID = 1L;

    private final transient RebuildMarker marker;

    /** Creates the exception for a query on {@code readModel} of {@code projection}. */
    public ReadModelRebuildingException(String readModel, String projection, RebuildMarker marker) {
        super("Read model [" + readModel + "] of projection [" + projection + "] is being rebuilt: "
                + marker.describe() + "; queries on it are refused until the rebuild finishes");
        this.marker = marker;
    }

    /** The rebuild that made the read model partial, as it was when the query was refused. */
    public RebuildMarker marker() {
        return marker;
    }
}
