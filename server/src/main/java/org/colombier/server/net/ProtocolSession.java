package org.colombier.server.net;

/**
 * A protocol's per-connection state machine. Every method runs on the connection's ordered
 * executor, one at a time, never on a MINA I/O thread; blocking work is allowed here.
 */
public interface ProtocolSession {
    /** Sends the greeting. */
    void start();

    /** A command line, for listeners with a line decoder. */
    default void line(InputLine.Text line) {
        throw new IllegalStateException(getClass().getSimpleName() + " reads raw input, not lines");
    }

    default void lineTooLong(InputLine.TooLong line) {
        throw new IllegalStateException(getClass().getSimpleName() + " reads raw input, not lines");
    }

    /** Received bytes, for listeners with {@link ListenerSpec#rawInput()}. */
    default void received(InputBytes bytes) {
        throw new IllegalStateException(getClass().getSimpleName() + " reads lines, not raw input");
    }

    /** The client sent nothing for the idle timeout: say why and disconnect. */
    void idle();

    /** The connection is gone: release what the session holds (open mailboxes, subscriptions). */
    default void closed() {
    }

    /** Nothing was sent for the keepalive interval set with {@link Connection#keepalive}. */
    default void quiet() {
    }

    /** The server is stopping: finish what is running (done by ordering), say goodbye and disconnect. */
    void shutdown();

    /** Creates the session for a new connection. */
    @FunctionalInterface
    interface Factory {
        ProtocolSession create(Connection connection);
    }
}
