package org.colombier.auth.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import org.colombier.api.auth.AuthDbContract;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.api.auth.UserDb;

/** The embedded default: {@code sql_driver = h2} with the schema and queries we create. */
class SqlH2ContractTest extends AuthDbContract {
    private DriverSettings settings() {
        return new DriverSettings("sql", "users", Map.of("sql_driver", "h2", "h2_path", dir.resolve("auth").toString()));
    }

    @Override
    protected PassDb openPassDb(List<ContractUser> users) throws Exception {
        PassDb passDb = new SqlPassDbProvider().create(settings());
        try (Connection c = DriverManager.getConnection(EmbeddedH2.url(dir.resolve("auth")));
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO users (username, password, home, uid, gid, mail_path) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (ContractUser u : users) {
                insert.setString(1, u.name());
                insert.setString(2, u.storedPassword());
                insert.setString(3, u.home());
                insert.setInt(4, u.uid());
                insert.setInt(5, u.gid());
                insert.setString(6, u.mailPath());
                insert.executeUpdate();
            }
        }
        return passDb;
    }

    @Override
    protected UserDb openUserDb(List<ContractUser> users) throws Exception {
        return new SqlUserDbProvider().create(settings());
    }
}
