package org.colombier.server.net;

import org.apache.mina.filter.FilterEvent;

/** Work handed back to a connection from another thread (a finished lookup, a mailbox change), run in its order. */
record SessionTask(Runnable task) implements FilterEvent {
}
