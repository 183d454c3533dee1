/**
 * Implementation details shared by core’s packages (query checking and value rules). Public only so that core’s
 * packages can reach them: not part of the API, and free to change in any release.
 */
package dev.readmodel.core.internal;
