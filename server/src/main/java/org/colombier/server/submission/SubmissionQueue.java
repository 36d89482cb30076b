package org.colombier.server.submission;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.colombier.api.storage.MessageSource;
import org.colombier.server.delivery.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable outgoing queue: one file per message in {@code queueDir} ({@code MAIL FROM:} and
 * {@code RCPT TO:} lines, an empty line, the message), written to {@code tmp/}, synced, renamed in
 * and the directory synced before {@link #enqueue} returns. One worker thread sends the oldest
 * first; a message the host does not take now is retried with a doubling delay; one it refuses
 * for good (5xx) moves to {@code failed/} with a log line. Files left by a previous run are sent
 * at start.
 */
public final class SubmissionQueue implements Outbox, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("submission");
    private static final String SUFFIX = ".msg";
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final SubmissionSettings settings;
    private final SmtpClient client;
    private final Clock clock;
    private final Path tmp;
    private final Path failed;
    private final AtomicLong sequence = new AtomicLong();
    /** When each queued file may be tried again, and its current delay; only the worker touches it. */
    private final Map<Path, Retry> retries = new HashMap<>();
    private final Object wakeup = new Object();
    private final Thread worker;
    private boolean woken;
    private volatile boolean closed;

    private record Retry(Instant next, Duration delay) {
    }

    /** Starts the worker; the queue's directories are created with the first message. */
    public SubmissionQueue(SubmissionSettings settings) {
        this(settings, Clock.systemUTC());
    }

    SubmissionQueue(SubmissionSettings settings, Clock clock) {
        this.settings = settings;
        this.client = new SmtpClient(settings);
        this.clock = clock;
        this.tmp = settings.queueDir().resolve("tmp");
        this.failed = settings.queueDir().resolve("failed");
        worker = new Thread(this::run, "submission-queue");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void enqueue(String mailFrom, List<String> recipients, MessageSource message) throws IOException {
        if (recipients.isEmpty()) {
            throw new IOException("outgoing mail without recipients");
        }
        StringBuilder envelope = new StringBuilder("MAIL FROM:<").append(checked(mailFrom)).append(">\n");
        for (String recipient : recipients) {
            envelope.append("RCPT TO:<").append(checked(recipient)).append(">\n");
        }
        envelope.append('\n');
        String name = clock.millis() + "." + sequence.incrementAndGet() + "." + UUID.randomUUID() + SUFFIX;
        Files.createDirectories(tmp);
        Path file = tmp.resolve(name);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(channel);
            out.write(envelope.toString().getBytes(StandardCharsets.UTF_8));
            try (InputStream in = message.open()) {
                in.transferTo(out);
            }
            out.flush();
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        Files.move(file, settings.queueDir().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(settings.queueDir());
        if (!settings.enabled()) {
            LOG.warn("submission: {} stays queued in {}: no submission_host is set", name, settings.queueDir());
        }
        synchronized (wakeup) {
            woken = true;
            wakeup.notifyAll();
        }
    }

    private static String checked(String address) throws IOException {
        if (address.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '<' || c == '>')) {
            throw new IOException("invalid address for outgoing mail: " + address.replaceAll("\\p{Cntrl}", "?"));
        }
        return address;
    }

    /** The messages waiting to be sent, oldest first. */
    public List<Path> queued() throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(settings.queueDir())) {
            return files;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(settings.queueDir(), "*" + SUFFIX)) {
            dir.forEach(files::add);
        }
        files.sort((a, b) -> compareNames(a.getFileName().toString(), b.getFileName().toString()));
        return files;
    }

    /** By enqueue time, then sequence: the numeric parts of the names. */
    private static int compareNames(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return c != 0 ? c : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }

    private void run() {
        while (!closed) {
            if (!settings.enabled()) {
                waitUntil(null);
                continue;
            }
            Instant next = null;
            try {
                for (Path file : queued()) {
                    if (closed) {
                        return;
                    }
                    Retry retry = retries.get(file);
                    if (retry != null && retry.next().isAfter(clock.instant())) {
                        next = next == null || retry.next().isBefore(next) ? retry.next() : next;
                        continue;
                    }
                    Instant again = attempt(file, retry);
                    if (again != null) {
                        next = next == null || again.isBefore(next) ? again : next;
                    } else if (!retries.isEmpty()) {
                        // the host takes mail again: what was deferred goes now, not at its retry time
                        retries.clear();
                        next = clock.instant();
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("submission: cannot read the queue in {}: {}", settings.queueDir(), e.toString());
                next = clock.instant().plus(settings.firstRetry());
            }
            waitUntil(next);
        }
    }

    /** Tries to send one queued file; returns when to try it again, or null when it left the queue. */
    private Instant attempt(Path file, Retry retry) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            String mailFrom = null;
            List<String> recipients = new ArrayList<>();
            String line;
            while (!(line = envelopeLine(in)).isEmpty()) {
                if (line.startsWith("MAIL FROM:<")) {
                    mailFrom = line.substring(11, line.length() - 1);
                } else if (line.startsWith("RCPT TO:<")) {
                    recipients.add(line.substring(9, line.length() - 1));
                }
            }
            if (mailFrom == null || recipients.isEmpty()) {
                throw new SmtpClient.SmtpException("damaged queue file", true);
            }
            client.send(mailFrom, recipients, in);
            Files.delete(file);
            syncDirectory(settings.queueDir());
            retries.remove(file);
            LOG.info("submission: sent {} from <{}> to {} via {}:{}", file.getFileName(), mailFrom, recipients,
                    settings.host(), settings.port());
            return null;
        } catch (NoSuchFileException e) {
            retries.remove(file);
            return null;
        } catch (SmtpClient.SmtpException e) {
            if (e.permanent) {
                keepAside(file, e.getMessage());
                return null;
            }
            return later(file, retry, e);
        } catch (IOException e) {
            return later(file, retry, e);
        }
    }

    private Instant later(Path file, Retry retry, IOException e) {
        Duration delay = retry == null ? settings.firstRetry() : retry.delay().multipliedBy(2);
        if (delay.compareTo(settings.maxRetry()) > 0) {
            delay = settings.maxRetry();
        }
        Instant next = clock.instant().plus(delay);
        retries.put(file, new Retry(next, delay));
        LOG.warn("submission: {} deferred, retrying in {}s: {}", file.getFileName(), delay.toSeconds(), e.getMessage());
        return next;
    }

    private void keepAside(Path file, String why) {
        retries.remove(file);
        try {
            Files.createDirectories(failed);
            Files.move(file, failed.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(failed);
            LOG.error("submission: {} refused for good, kept in {}: {}", file.getFileName(), failed, why);
        } catch (IOException e) {
            LOG.error("submission: {} refused for good ({}) and cannot be moved aside: {}", file.getFileName(), why,
                    e.getMessage());
        }
    }

    private static String envelopeLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new SmtpClient.SmtpException("damaged queue file", true);
            }
            line.write(c);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private void waitUntil(Instant next) {
        long deadline = next == null ? Long.MAX_VALUE
                : System.currentTimeMillis() + Math.max(1, Duration.between(clock.instant(), next).toMillis());
        synchronized (wakeup) {
            while (!woken && !closed) {
                long left = deadline == Long.MAX_VALUE ? 60_000 : deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                try {
                    wakeup.wait(Math.min(left, 60_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            woken = false;
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Stops the worker; queued messages stay on disk for the next start. */
    @Override
    public void close() {
        closed = true;
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        worker.interrupt();
        try {
            // a send in progress may take its whole timeout; what it leaves is sent again at the next start
            worker.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
