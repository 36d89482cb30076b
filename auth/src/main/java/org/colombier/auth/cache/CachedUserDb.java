package org.colombier.auth.cache;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.colombier.api.auth.UserDb;
import org.colombier.api.auth.UserLookup;
import org.colombier.api.auth.UserRecord;

/**
 * One userdb behind the {@link AuthCache}: a found user's record and "no such user" (a negative
 * entry) are cached by user name; when the database fails temporarily, an expired entry answers.
 */
public final class CachedUserDb implements UserDb {
    private final UserDb db;
    private final AuthCache cache;
    private final String id;

    /** {@code id} tells this section's entries from the other databases' ({@code userdb 0}, ...). */
    public CachedUserDb(UserDb db, AuthCache cache, String id) {
        this.db = db;
        this.cache = cache;
        this.id = id;
    }

    @Override
    public UserLookup lookup(String user) {
        String key = id + '\0' + user;
        Optional<AuthCache.Hit> hit = cache.lookup(key);
        if (hit.isPresent() && !hit.get().expired()) {
            return answer(hit.get());
        }
        UserLookup result = db.lookup(user);
        if (result instanceof UserLookup.Found found) {
            cache.put(key, user, found.user(), size(found.user()));
        } else if (result instanceof UserLookup.NotFound) {
            cache.put(key, user, null, 0);
        } else if (hit.isPresent()) {
            return answer(hit.get());
        }
        return result;
    }

    private static UserLookup answer(AuthCache.Hit hit) {
        return hit.value().map(r -> (UserLookup) new UserLookup.Found((UserRecord) r)).orElseGet(UserLookup.NotFound::new);
    }

    private static long size(UserRecord r) {
        long size = 2L * (r.user().length() + (r.home() == null ? 0 : r.home().length())) + 16;
        for (Map.Entry<String, String> e : r.fields().entrySet()) {
            size += 2L * (e.getKey().length() + e.getValue().length()) + 32;
        }
        return size;
    }

    @Override
    public Stream<String> iterate() {
        return db.iterate();
    }

    @Override
    public void close() {
        db.close();
    }
}
