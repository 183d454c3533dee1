-- readmodel's PostgreSQL tables. The library creates them on first use; run this yourself instead if
-- your application's role may not create tables. Replace {schema} with your schema (usually public).

CREATE SCHEMA IF NOT EXISTS {schema};

-- Events. 'id' is the insertion order; 'position' is the global position readers see, assigned after
-- commit, in one serialized step, so that a position once visible never has a smaller one appear
-- later (no event is skipped by a reader when transactions commit out of order).
CREATE TABLE IF NOT EXISTS {schema}.readmodel_events (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    position       BIGINT UNIQUE,
    stream_id      TEXT NOT NULL,
    stream_version BIGINT NOT NULL,
    event_id       UUID NOT NULL UNIQUE,
    event_type     TEXT NOT NULL,
    data           JSONB NOT NULL,
    metadata       JSONB NOT NULL,
    occurred_at    TIMESTAMPTZ NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (stream_id, stream_version)
);
CREATE INDEX IF NOT EXISTS readmodel_events_unsequenced ON {schema}.readmodel_events (id) WHERE position IS NULL;
CREATE INDEX IF NOT EXISTS readmodel_events_type_position ON {schema}.readmodel_events (event_type, position);

-- Each stream's version: the row lock serializes writers of one stream (optimistic concurrency).
CREATE TABLE IF NOT EXISTS {schema}.readmodel_streams (
    stream_id TEXT PRIMARY KEY,
    version   BIGINT NOT NULL
);

-- The last assigned position; its row lock serializes the assignment.
CREATE TABLE IF NOT EXISTS {schema}.readmodel_sequencer (
    id            INT PRIMARY KEY CHECK (id = 1),
    last_position BIGINT NOT NULL
);
INSERT INTO {schema}.readmodel_sequencer (id, last_position) VALUES (1, 0) ON CONFLICT DO NOTHING;

-- Projections' checkpoints, committed in the same transaction as their read-model writes.
CREATE TABLE IF NOT EXISTS {schema}.readmodel_checkpoints (
    projection TEXT PRIMARY KEY,
    position   BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Events projections parked under the dead-letter policy.
CREATE TABLE IF NOT EXISTS {schema}.readmodel_dead_letters (
    projection TEXT NOT NULL,
    position   BIGINT NOT NULL,
    event      JSONB NOT NULL,
    error      TEXT NOT NULL,
    attempts   INT NOT NULL,
    parked_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (projection, position)
);
