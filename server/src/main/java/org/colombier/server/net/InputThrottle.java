package org.colombier.server.net;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;

/**
 * Stops reading from a client that pipelines faster than its commands run: once
 * {@code maxQueued} decoded lines wait for the worker, the socket is not read until the session
 * catches up. A session may also hold its input while it is busy sending (see
 * {@link Connection#holdInput}). Sits between the codec and the executor filter.
 */
final class InputThrottle extends IoFilterAdapter {
    private static final AttributeKey QUEUED = new AttributeKey(InputThrottle.class, "queued");
    private static final AttributeKey HELD = new AttributeKey(InputThrottle.class, "held");

    private final int maxQueued;

    InputThrottle(int maxQueued) {
        this.maxQueued = maxQueued;
    }

    @Override
    public void messageReceived(NextFilter next, IoSession session, Object message) throws Exception {
        // suspend before passing the line on, so the worker's resume for it cannot come first
        if (queued(session).incrementAndGet() >= maxQueued) {
            session.suspendRead();
        }
        next.messageReceived(session, message);
    }

    /** Called by the worker after it handled one line. */
    void done(IoSession session) {
        if (queued(session).decrementAndGet() < maxQueued && !session.containsAttribute(HELD) && session.isReadSuspended()) {
            session.resumeRead();
        }
    }

    /** Stops reading until {@link #release}, however few lines wait. */
    void hold(IoSession session) {
        session.setAttribute(HELD, Boolean.TRUE);
        session.suspendRead();
    }

    void release(IoSession session) {
        session.removeAttribute(HELD);
        if (queued(session).get() < maxQueued) {
            session.resumeRead();
        }
    }

    private static AtomicInteger queued(IoSession session) {
        AtomicInteger queued = (AtomicInteger) session.getAttribute(QUEUED);
        if (queued == null) {
            queued = new AtomicInteger();
            AtomicInteger raced = (AtomicInteger) session.setAttributeIfAbsent(QUEUED, queued);
            if (raced != null) {
                queued = raced;
            }
        }
        return queued;
    }
}
