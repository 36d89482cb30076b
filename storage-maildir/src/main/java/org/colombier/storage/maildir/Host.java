package org.colombier.storage.maildir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This process as Dovecot names it in files: pid and host name (gethostname(), or
 * {@code DOVECOT_HOSTNAME}), and the generator of unique Maildir base names
 * {@code <secs>.M<usecs>P<pid>.<host>} whose time strictly increases per process.
 */
record Host(long pid, String name, AtomicLong lastMicros) {
    /** One per JVM: every store of this process shares the pid, so they must share the clock too. */
    private static final Host CURRENT = create();

    static Host current() {
        return CURRENT;
    }

    private static Host create() {
        String name = System.getenv("DOVECOT_HOSTNAME");
        if (name == null || name.isEmpty()) {
            name = systemHostName();
        }
        return new Host(ProcessHandle.current().pid(), name, new AtomicLong());
    }

    private static String systemHostName() {
        try {
            String n = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).trim();
            if (!n.isEmpty()) {
                return n;
            }
        } catch (IOException e) {
            // not Linux: ask Java
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    String lockContent() {
        return pid + ":" + name;
    }

    /** The host name as it may appear in a file name: {@code /} and {@code :} escaped as the Maildir spec says, {@code ,} too. */
    String fileNameHost() {
        return name.replace("/", "\\057").replace(":", "\\072").replace(",", "\\054");
    }

    /** A fresh base name; the microsecond clock is forced to increase strictly within this process. */
    String newBaseName() {
        long now = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
        long micros = lastMicros.accumulateAndGet(now, (last, n) -> Math.max(last + 1, n));
        return (micros / 1_000_000) + ".M" + (micros % 1_000_000) + "P" + pid + "." + fileNameHost();
    }
}
