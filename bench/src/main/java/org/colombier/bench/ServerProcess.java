package org.colombier.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The server's memory as the OS and the JVM see it: resident set size summed over its processes
 * (one JVM for Colombier, many for Dovecot) from /proc, and the Java heap in use from
 * {@code jcmd PID GC.heap_info}, after a {@code GC.run} so it counts live data.
 */
public final class ServerProcess {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final List<Long> pids;
    private final Pattern match;
    private final boolean tree;

    private ServerProcess(List<Long> pids, Pattern match, boolean tree) {
        this.pids = pids;
        this.match = match;
        this.tree = tree;
    }

    public static ServerProcess of(long pid) {
        return new ServerProcess(List.of(pid), null, false);
    }

    /** The process and all its descendants (Dovecot's master and its imap, login and auth processes). */
    public static ServerProcess tree(long pid) {
        return new ServerProcess(List.of(pid), null, true);
    }

    /** Every process whose command line matches {@code regex}, found anew at each measurement. */
    public static ServerProcess matching(String regex) {
        return new ServerProcess(List.of(), Pattern.compile(regex), false);
    }

    public List<Long> pids() throws IOException {
        if (tree) {
            List<Long> all = new ArrayList<>(pids);
            ProcessHandle.of(pids.get(0)).ifPresent(root -> root.descendants().forEach(p -> all.add(p.pid())));
            return all;
        }
        if (match == null) {
            return pids;
        }
        long self = ProcessHandle.current().pid();
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (match.matcher(cmdline).find()) {
                        found.add(Long.parseLong(name));
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return found;
    }

    /** Sum of VmRSS over the processes, in KiB: counts pages shared between processes once per process. */
    public long rssKib() throws IOException {
        return sum("status", "VmRSS:");
    }

    /** Sum of the proportional set size (shared pages split between their users), in KiB. */
    public long pssKib() throws IOException {
        return sum("smaps_rollup", "Pss:");
    }

    private long sum(String file, String field) throws IOException {
        long total = 0;
        for (long pid : pids()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), file))) {
                    if (line.startsWith(field)) {
                        total += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException gone) {
                // the process ended while we looked
            }
        }
        return total;
    }

    /** Java heap in use (KiB) after a full GC, when there is exactly one process and it is a JVM. */
    public OptionalLong heapUsedKib() throws IOException, InterruptedException {
        List<Long> all = pids();
        if (all.size() != 1) {
            return OptionalLong.empty();
        }
        String pid = Long.toString(all.get(0));
        if (jcmd(pid, "GC.run") == null) {
            return OptionalLong.empty();
        }
        String info = jcmd(pid, "GC.heap_info");
        return info == null ? OptionalLong.empty() : parseHeapUsed(info);
    }

    /** Sums {@code used NK} over the heap lines of GC.heap_info (not Metaspace or class space). */
    static OptionalLong parseHeapUsed(String heapInfo) {
        long total = 0;
        boolean any = false;
        for (String line : heapInfo.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space") || !line.contains("total")) {
                continue;
            }
            Matcher m = USED.matcher(line);
            if (m.find()) {
                total += Long.parseLong(m.group(1));
                any = true;
            }
        }
        return any ? OptionalLong.of(total) : OptionalLong.empty();
    }

    private static String jcmd(String pid, String command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("jcmd", pid, command).redirectErrorStream(true).start();
        } catch (IOException noJcmd) {
            return null;
        }
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroy();
            return null;
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
