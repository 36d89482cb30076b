package org.colombier.server.admin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * The last warnings and errors the server logged, for {@code doveadm log errors}: a logback
 * appender keeping a bounded ring, like Dovecot's log process keeps its recent errors.
 */
final class RecentLog extends AppenderBase<ILoggingEvent> {
    /** Dovecot's log process keeps 1000 too. */
    static final int CAPACITY = 1000;

    /** One kept line. */
    record Entry(long timestamp, String type, String prefix, String text) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    /** A new ring fed by the root logger, when logback is the SLF4J binding (else it stays empty). */
    static RecentLog attach() {
        RecentLog log = new RecentLog();
        log.setName("colombier-recent-errors");
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            log.setContext(context);
            log.start();
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(log);
        }
        return log;
    }

    void detach() {
        if (getContext() instanceof LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(this);
        }
        stop();
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.WARN)) {
            return;
        }
        String text = event.getFormattedMessage();
        if (event.getThrowableProxy() != null) {
            text += ": " + ThrowableProxyUtil.asString(event.getThrowableProxy()).lines().findFirst().orElse("");
        }
        Entry entry = new Entry(event.getTimeStamp() / 1000, event.getLevel() == Level.WARN ? "Warning" : "Error",
                event.getLoggerName() + ": ", text);
        synchronized (entries) {
            if (entries.size() == CAPACITY) {
                entries.removeFirst();
            }
            entries.addLast(entry);
        }
    }

    /** Oldest first; only those at or after {@code since} (epoch seconds). */
    List<Entry> since(long since) {
        synchronized (entries) {
            return new ArrayList<>(entries).stream().filter(e -> e.timestamp() >= since).toList();
        }
    }
}
