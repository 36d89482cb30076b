package org.colombier.doveadm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/launcher.sh's {@code run_cli}, as bin/doveadm and bin/doveconf use it: its JVM options start
 * this JDK, arguments and exit status pass through, and a second run (with the class-data archive
 * the first one wrote) answers the same. The build step is replaced by the test's class path, its
 * directories packed into jars as the build's are (class-data archives take only jars), so the test
 * never starts Maven.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherTest {
    private static final Path LAUNCHER = Path.of("..", "bin", "launcher.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Run(int status, String out) {
    }

    private String classPath;

    /** The test's class path with each directory packed into a jar in the test's directory. */
    private String jarredClassPath() throws IOException {
        List<String> entries = new ArrayList<>();
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : path.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!Files.isDirectory(p)) {
                entries.add(entry);
                continue;
            }
            Path jar = dir.resolve("cp" + entries.size() + ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                 Stream<Path> files = Files.walk(p)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    out.putNextEntry(new JarEntry(p.relativize(file).toString().replace(File.separatorChar, '/')));
                    Files.copy(file, out);
                    out.closeEntry();
                }
            }
            entries.add(jar.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private Run runCli(String main, String... args) throws Exception {
        if (classPath == null) {
            classPath = jarredClassPath();
        }
        StringBuilder script = new StringBuilder(". \"$1\"; shift; ensure_built() { :; }; classpath() { echo \"$TEST_CP\"; }; ")
                .append("run_cli launcher-test \"$@\"");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script.toString(), "launcher", LAUNCHER.toString(), main);
        for (String arg : args) {
            pb.command().add(arg);
        }
        pb.environment().put("TEST_CP", classPath);
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        pb.redirectErrorStream(true);
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out);
    }

    @Test
    void runCliStartsTheCommandAndPassesArgumentsAndStatusThrough() throws Exception {
        Path conf = Files.writeString(dir.resolve("dovecot.conf"), "ssl = no\nmail_path = ~/Mail\n");
        for (int run = 0; run < 2; run++) {
            Run value = runCli("org.colombier.doveadm.Doveconf", "-c", conf.toString(), "-h", "mail_path");
            assertThat(value.out()).as("run %d", run).isEqualTo("~/Mail\n");
            assertThat(value.status()).isZero();
            Run unknown = runCli("org.colombier.doveadm.Doveconf", "-c", conf.toString(), "no_such_setting");
            assertThat(unknown.status()).isEqualTo(Doveadm.EX_CONFIG);
            assertThat(unknown.out()).isEqualTo("doveconf: Fatal: Unknown setting: no_such_setting\n");
        }
        Run usage = runCli("org.colombier.doveadm.Doveadm", "-c", conf.toString(), "no-such-command");
        assertThat(usage.status()).isEqualTo(Doveadm.EX_USAGE);
    }
}
