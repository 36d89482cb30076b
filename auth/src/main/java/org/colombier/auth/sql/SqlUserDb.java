package org.colombier.auth.sql;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.colombier.api.auth.UserDb;
import org.colombier.api.auth.UserLookup;
import org.colombier.auth.AuthTemplates;
import org.colombier.auth.UserRecords;

/**
 * {@code userdb sql}: columns are userdb fields by their Dovecot names ({@code home}, {@code uid},
 * {@code gid}, {@code mail_path}, {@code quota_storage_size} ...). The iterate query returns
 * {@code user}, or {@code username} and {@code domain}.
 */
final class SqlUserDb implements UserDb {
    private final SqlPool pool;
    private final SqlQuery query;
    private final SqlQuery iterateQuery;

    SqlUserDb(SqlPool pool, SqlQuery query, SqlQuery iterateQuery) {
        this.pool = pool;
        this.query = query;
        this.iterateQuery = iterateQuery;
    }

    @Override
    public UserLookup lookup(String user) {
        List<Map<String, String>> rows;
        try {
            rows = query.run(pool.dataSource(), AuthTemplates.ofUser(user));
        } catch (SQLException e) {
            return new UserLookup.TempFail("userdb sql: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            return new UserLookup.NotFound();
        }
        if (rows.size() > 1) {
            return new UserLookup.TempFail("userdb sql: query returned " + rows.size() + " rows for one user");
        }
        try {
            return new UserLookup.Found(UserRecords.build(user, rows.get(0)));
        } catch (UserRecords.BadIdException e) {
            return new UserLookup.TempFail("userdb sql: " + e.getMessage());
        }
    }

    /** @throws IllegalStateException when the database cannot answer: an admin asking for every user must not get none */
    @Override
    public Stream<String> iterate() {
        if (iterateQuery == null) {
            return Stream.empty();
        }
        try {
            return iterateQuery.run(pool.dataSource(), AuthTemplates.ofUser("")).stream()
                    .map(SqlUserDb::userName).filter(name -> !name.isEmpty());
        } catch (SQLException e) {
            throw new IllegalStateException("userdb sql: iterate query failed: " + e.getMessage(), e);
        }
    }

    private static String userName(Map<String, String> row) {
        String user = row.get("user");
        if (user != null) {
            return user;
        }
        String username = row.getOrDefault("username", "");
        String domain = row.get("domain");
        return domain == null || domain.isEmpty() ? username : username + "@" + domain;
    }

    @Override
    public void close() {
        pool.close();
    }
}
