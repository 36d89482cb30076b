package org.colombier.api.auth;

/** A userdb driver found by name through {@link java.util.ServiceLoader}. */
public interface UserDbProvider {
    String driver();

    UserDb create(DriverSettings settings) throws AuthConfigException;
}
