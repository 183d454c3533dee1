package dev.readmodel.server.internal;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.SessionHandler;

/**
 * Servlet sessions tracked neither by cookie nor by URL. No endpoint keeps a session, yet Jetty's session
 * handler would parse every request's cookies looking for one. The handler itself stays: WebSocket upgrades
 * ask it whether the request has a session.
 */
public final class UntrackedSessions {
    private UntrackedSessions() {
    }

    /** Turns the tracking of {@code context}'s sessions off. */
    public static void apply(ServletContextHandler context) {
        SessionHandler sessions = context.getSessionHandler();
        sessions.setUsingCookies(false);
        sessions.setUsingUriParameters(false);
    }
}
