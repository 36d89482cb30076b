package org.colombier.doveadm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.colombier.api.admin.AdminProtocol;
import org.colombier.config.ColombierConfig;

/**
 * Talks to the running server's admin socket ({@code base_dir/colombier-admin}): one request, the
 * answer's table rows back. A server that is not running is status 75 with the reason, as doveadm
 * says when it cannot reach its anvil or master.
 */
final class AdminClient {
    private AdminClient() {
    }

    static Path socket(ColombierConfig config) {
        return Path.of(config.setting("base_dir").filter(d -> !d.isBlank()).orElse("/run/colombier"))
                .resolve(AdminProtocol.SOCKET_NAME);
    }

    /** Sends {@code request}; returns the rows (the first names the columns) or throws the server's status. */
    static List<List<String>> call(ColombierConfig config, List<String> request) {
        Path socket = socket(config);
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(AdminProtocol.line(request));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            String status = in.readLine();
            if (status == null) {
                throw new Doveadm.ExitException(Doveadm.EX_TEMPFAIL, "admin socket " + socket + ": no answer");
            }
            if (status.startsWith("-")) {
                List<String> fields = AdminProtocol.fields(status.substring(1));
                throw new Doveadm.ExitException(Integer.parseInt(fields.get(0)), fields.size() > 1 ? fields.get(1) : null);
            }
            List<List<String>> rows = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                rows.add(AdminProtocol.fields(line));
            }
            return rows;
        } catch (IOException e) {
            throw new Doveadm.ExitException(Doveadm.EX_TEMPFAIL, "connect(" + socket + ") failed: " + e.getMessage()
                    + " (is the server running?)");
        }
    }
}
