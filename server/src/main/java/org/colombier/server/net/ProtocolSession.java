package org.colombier.server.net;

/**
 * A protocol's per-connection state machine. Every method runs on the connection's ordered
 * executor, one at a time, never on a MINA I/O thread; blocking work is allowed here.
 */
public interface ProtocolSession {
    /** Sends the greeting. */
    void start();

    void line(InputLine.Text line);

    void lineTooLong(InputLine.TooLong line);

    /** The client sent nothing for the idle timeout: say why and disconnect. */
    void idle();

    /** The server is stopping: finish what is running (done by ordering), say goodbye and disconnect. */
    void shutdown();

    /** Creates the session for a new connection. */
    @FunctionalInterface
    interface Factory {
        ProtocolSession create(Connection connection);
    }
}
