package org.colombier.auth.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A passdb's or userdb's share of a connection pool. As in Dovecot, a passdb and a userdb with the
 * same connection settings use one pool; the pool closes when its last user closes.
 */
final class SqlPool implements AutoCloseable {
    private static final Map<String, Shared> POOLS = new HashMap<>();
    private static final AtomicInteger NUMBER = new AtomicInteger();

    private static final class Shared {
        final HikariDataSource dataSource;
        int users;

        Shared(HikariDataSource dataSource) {
            this.dataSource = dataSource;
        }
    }

    private final String key;
    private final Shared shared;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqlPool(String key, Shared shared) {
        this.key = key;
        this.shared = shared;
    }

    /** A share of the pool for these connection settings, starting the pool if it is the first. */
    static SqlPool open(HikariConfig config) {
        String key = config.getJdbcUrl() + "\n" + config.getUsername() + "\n" + config.getPassword() + "\n"
                + config.getDataSourceProperties() + "\n" + config.getMaximumPoolSize() + "\n" + config.getConnectionTimeout();
        synchronized (POOLS) {
            Shared shared = POOLS.get(key);
            if (shared == null) {
                config.setPoolName("auth-sql-" + NUMBER.incrementAndGet());
                shared = new Shared(new HikariDataSource(config));
                POOLS.put(key, shared);
            }
            shared.users++;
            return new SqlPool(key, shared);
        }
    }

    DataSource dataSource() {
        return shared.dataSource;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (POOLS) {
            if (--shared.users == 0) {
                POOLS.remove(key);
                shared.dataSource.close();
            }
        }
    }
}
