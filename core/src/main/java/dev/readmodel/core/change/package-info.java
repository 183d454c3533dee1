/**
 * What projections made visible, as it happens: {@link dev.readmodel.core.change.CommitNotice}s
 * (a {@link dev.readmodel.core.change.Committed} batch with its {@link dev.readmodel.core.change.DocumentChange}s,
 * read models {@link dev.readmodel.core.change.Replaced} by a rebuild, a projection
 * {@link dev.readmodel.core.change.Resumed} from a stored checkpoint, a listener
 * {@link dev.readmodel.core.change.Overflowed}), delivered after commit to a
 * {@link dev.readmodel.core.change.CommitListener} through a {@link dev.readmodel.core.change.Subscription}.
 */
package dev.readmodel.core.change;
