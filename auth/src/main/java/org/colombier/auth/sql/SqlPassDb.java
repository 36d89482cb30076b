package org.colombier.auth.sql;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.CredentialsResult;
import org.colombier.api.auth.PassDb;
import org.colombier.auth.AuthTemplates;
import org.colombier.auth.PasswordCheck;

/**
 * {@code passdb sql}: the query returns {@code password}, optionally {@code user} (the canonical name)
 * and any extra fields ({@code userdb_home}, {@code nologin} ...). A database that cannot answer gives
 * a temporary failure, never a wrong-password answer.
 */
final class SqlPassDb implements PassDb {
    private final SqlPool pool;
    private final SqlQuery query;
    private final PasswordCheck check;

    SqlPassDb(SqlPool pool, SqlQuery query, PasswordCheck check) {
        this.pool = pool;
        this.query = query;
        this.check = check;
    }

    private record Row(String user, String password, Map<String, String> extraFields) {
    }

    @Override
    public AuthResult verifyPlain(AuthRequest request, String password) {
        List<Map<String, String>> rows;
        try {
            rows = query.run(pool.dataSource(), AuthTemplates.of(request));
        } catch (SQLException e) {
            return new AuthResult.TempFail("passdb sql: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            return new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER);
        }
        if (rows.size() > 1) {
            return new AuthResult.TempFail("passdb sql: query returned " + rows.size() + " rows for one user");
        }
        Row row = row(rows.get(0), request.user());
        return check.check(row.user(), password, row.password(), row.extraFields());
    }

    @Override
    public CredentialsResult lookupCredentials(AuthRequest request) {
        List<Map<String, String>> rows;
        try {
            rows = query.run(pool.dataSource(), AuthTemplates.of(request));
        } catch (SQLException e) {
            return new CredentialsResult.TempFail("passdb sql: " + e.getMessage());
        }
        if (rows.size() > 1) {
            return new CredentialsResult.TempFail("passdb sql: query returned " + rows.size() + " rows for one user");
        }
        if (rows.isEmpty() || rows.get(0).getOrDefault("password", "").isEmpty()) {
            return new CredentialsResult.NotFound();
        }
        Row row = row(rows.get(0), request.user());
        return new CredentialsResult.Found(row.user(), check.withScheme(row.password()), row.extraFields());
    }

    private static Row row(Map<String, String> columns, String requestedUser) {
        Map<String, String> extra = new LinkedHashMap<>(columns);
        String password = extra.remove("password");
        String user = extra.remove("user");
        return new Row(user == null ? requestedUser : user, password == null ? "" : password, extra);
    }

    @Override
    public void close() {
        pool.close();
    }
}
