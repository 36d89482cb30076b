package org.colombier.api.auth;

/** A passdb driver found by name through {@link java.util.ServiceLoader}. */
public interface PassDbProvider {
    String driver();

    PassDb create(DriverSettings settings) throws AuthConfigException;
}
