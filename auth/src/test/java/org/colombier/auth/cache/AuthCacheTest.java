package org.colombier.auth.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.auth.PassDb;
import org.colombier.api.auth.UserDb;
import org.colombier.api.auth.UserLookup;
import org.colombier.api.auth.UserRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Dovecot's auth cache rules: TTLs, negative entries, the size bound, re-lookup on a changed password, flush. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AuthCacheTest {
    private final AtomicLong now = new AtomicLong();
    private final AuthCache cache = new AuthCache(1 << 20, Duration.ofMinutes(10), Duration.ofMinutes(1), now::get);

    /** A password database in memory that counts how often it is asked; {@code down} makes it fail temporarily. */
    private static final class CountingPassDb implements PassDb {
        final Map<String, String> passwords = new ConcurrentHashMap<>();
        final AtomicInteger asked = new AtomicInteger();
        volatile boolean down;

        @Override
        public AuthResult verifyPlain(AuthRequest request, String password) {
            asked.incrementAndGet();
            if (down) {
                return new AuthResult.TempFail("database down");
            }
            String stored = passwords.get(request.user());
            if (stored == null) {
                return new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER);
            }
            return stored.equals(password) ? new AuthResult.Ok(request.user(), Map.of("userdb_home", "/home/" + request.user()))
                    : new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH);
        }
    }

    private static AuthRequest request(String user) {
        return new AuthRequest(user, "imap", null, null, true);
    }

    private CachedPassDb cached(CountingPassDb db) {
        return new CachedPassDb(db, cache, "passdb 0", new DriverSettings("test", "test", Map.of()));
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aSecondLoginIsAnsweredFromTheCacheWithoutTheDatabase() {
        CountingPassDb db = new CountingPassDb();
        db.passwords.put("ann", "secret");
        CachedPassDb passdb = cached(db);
        assertThat(passdb.verifyPlain(request("ann"), "secret")).isEqualTo(new AuthResult.Ok("ann", Map.of("userdb_home", "/home/ann")));
        assertThat(passdb.verifyPlain(request("ann"), "secret")).isEqualTo(new AuthResult.Ok("ann", Map.of("userdb_home", "/home/ann")));
        assertThat(db.asked).hasValue(1);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void theCacheKeepsAHashNeverThePlaintextPassword() {
        CountingPassDb db = new CountingPassDb();
        db.passwords.put("ann", "secret");
        cached(db).verifyPlain(request("ann"), "secret");
        Object login = cache.lookup("passdb 0\0ann").orElseThrow().value().orElseThrow();
        assertThat(login.toString()).doesNotContain("secret").contains("{SSHA512}");
    }

    @Test
    void aChangedPasswordWorksAtOnceAndTheOldOneStillWorksUntilFlushed() {
        CountingPassDb db = new CountingPassDb();
        db.passwords.put("ann", "old");
        CachedPassDb passdb = cached(db);
        passdb.verifyPlain(request("ann"), "old");
        db.passwords.put("ann", "new");

        assertThat(passdb.verifyPlain(request("ann"), "old")).as("from the cache").isInstanceOf(AuthResult.Ok.class);
        assertThat(db.asked).hasValue(1);
        assertThat(passdb.verifyPlain(request("ann"), "new")).as("a mismatch asks the database again")
                .isInstanceOf(AuthResult.Ok.class);
        assertThat(db.asked).hasValue(2);
        assertThat(passdb.verifyPlain(request("ann"), "old")).as("the cache now holds the new password")
                .isEqualTo(new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH));
        assertThat(db.asked).hasValue(3);
        assertThat(passdb.verifyPlain(request("ann"), "new")).isInstanceOf(AuthResult.Ok.class);
        assertThat(db.asked).as("the database's mismatch dropped the entry").hasValue(4);
    }

    @Test
    void anEntryExpiresAfterTheTtlButStillAnswersWhenTheDatabaseIsDown() {
        CountingPassDb db = new CountingPassDb();
        db.passwords.put("ann", "secret");
        CachedPassDb passdb = cached(db);
        passdb.verifyPlain(request("ann"), "secret");
        advance(Duration.ofMinutes(9));
        passdb.verifyPlain(request("ann"), "secret");
        assertThat(db.asked).hasValue(1);
        advance(Duration.ofMinutes(1));
        passdb.verifyPlain(request("ann"), "secret");
        assertThat(db.asked).as("expired: asked again").hasValue(2);

        advance(Duration.ofMinutes(10));
        db.down = true;
        assertThat(passdb.verifyPlain(request("ann"), "secret")).isInstanceOf(AuthResult.Ok.class);
        assertThat(passdb.verifyPlain(request("ann"), "wrong")).isInstanceOf(AuthResult.TempFail.class);
        assertThat(passdb.verifyPlain(request("zed"), "secret")).isInstanceOf(AuthResult.TempFail.class);
        assertThat(db.asked).hasValue(5);
    }

    @Test
    void anUnknownUserIsCachedForTheNegativeTtl() {
        CountingPassDb db = new CountingPassDb();
        CachedPassDb passdb = cached(db);
        AuthResult unknown = new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER);
        assertThat(passdb.verifyPlain(request("zed"), "x")).isEqualTo(unknown);
        db.passwords.put("zed", "x");
        advance(Duration.ofSeconds(59));
        assertThat(passdb.verifyPlain(request("zed"), "x")).as("negative entry still fresh").isEqualTo(unknown);
        assertThat(db.asked).hasValue(1);
        advance(Duration.ofSeconds(1));
        assertThat(passdb.verifyPlain(request("zed"), "x")).isInstanceOf(AuthResult.Ok.class);
        assertThat(db.asked).hasValue(2);
    }

    @Test
    void aZeroNegativeTtlCachesNoUnknownUser() {
        AuthCache noNegative = new AuthCache(1 << 20, Duration.ofMinutes(10), Duration.ZERO, now::get);
        CountingPassDb db = new CountingPassDb();
        CachedPassDb passdb = new CachedPassDb(db, noNegative, "passdb 0", new DriverSettings("test", "test", Map.of()));
        passdb.verifyPlain(request("zed"), "x");
        passdb.verifyPlain(request("zed"), "x");
        assertThat(db.asked).hasValue(2);
        assertThat(noNegative.size()).isZero();
    }

    @Test
    void theSizeBoundPushesOutTheLeastRecentlyUsedEntries() {
        AuthCache small = new AuthCache(1000, Duration.ofHours(1), Duration.ofHours(1), now::get);
        for (int i = 0; i < 20; i++) {
            small.put("k" + i, "user" + i, "v", 100);
            small.lookup("k0");
            assertThat(small.usedBytes()).isLessThanOrEqualTo(1000);
        }
        assertThat(small.size()).isBetween(2, 9);
        assertThat(small.lookup("k0")).as("recently used, kept").isPresent();
        assertThat(small.lookup("k1")).as("least recently used, dropped").isEmpty();
        assertThat(small.lookup("k19")).isPresent();
        small.put("huge", "u", "v", 5000);
        assertThat(small.lookup("huge")).as("bigger than the whole cache: not kept").isEmpty();
    }

    @Test
    void userdbAnswersAreCachedAndNotFoundIsNegative() {
        AtomicInteger asked = new AtomicInteger();
        UserDb db = user -> {
            asked.incrementAndGet();
            return user.equals("ann") ? new UserLookup.Found(new UserRecord("ann", "/home/ann", OptionalInt.of(1000),
                    OptionalInt.empty(), Map.of("mail_path", "~/Maildir"))) : new UserLookup.NotFound();
        };
        CachedUserDb userdb = new CachedUserDb(db, cache, "userdb 0");
        UserLookup first = userdb.lookup("ann");
        assertThat(userdb.lookup("ann")).isEqualTo(first).isInstanceOf(UserLookup.Found.class);
        assertThat(userdb.lookup("zed")).isInstanceOf(UserLookup.NotFound.class);
        assertThat(userdb.lookup("zed")).isInstanceOf(UserLookup.NotFound.class);
        assertThat(asked).hasValue(2);
    }

    @Test
    void flushForgetsTheNamedUsersOrEveryone() {
        cache.put("passdb 0\0ann", "ann", "a", 10);
        cache.put("userdb 0\0ann", "ann", "a", 10);
        cache.put("passdb 0\0bob", "bob", "b", 10);
        cache.put("passdb 0\0zed", "zed", null, 0);
        assertThat(cache.flush(List.of("ann", "nobody"))).isEqualTo(2);
        assertThat(cache.lookup("passdb 0\0ann")).isEmpty();
        assertThat(cache.lookup("passdb 0\0bob")).isPresent();
        assertThat(cache.flush(List.of())).isEqualTo(2);
        assertThat(cache.size()).isZero();
        assertThat(cache.usedBytes()).isZero();
    }

    @Test
    void theKeyHoldsTheRequestVariablesTheSectionUses() {
        CountingPassDb db = new CountingPassDb();
        db.passwords.put("ann", "secret");
        CachedPassDb perService = new CachedPassDb(db, cache, "passdb 0", new DriverSettings("sql", "s",
                Map.of("passdb_sql_query", "SELECT password FROM users WHERE userid = '%{user}' AND service = '%{service}'")));
        perService.verifyPlain(request("ann"), "secret");
        perService.verifyPlain(new AuthRequest("ann", "pop3", null, null, true), "secret");
        perService.verifyPlain(request("ann"), "secret");
        assertThat(db.asked).hasValue(2);
        assertThat(cache.lookup("passdb 0\0ann\0imap")).isPresent();
    }
}
