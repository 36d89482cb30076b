package org.colombier.config;

/**
 * A {@code sieve_script NAME { ... }} section (Pigeonhole 2.4). {@code path} and {@code activePath}
 * are templates (e.g. {@code ~/sieve}).
 *
 * @param type       {@code sieve_script_type}: {@code personal}, {@code before}, {@code after}, {@code default} ...
 * @param driver     {@code sieve_script_driver}, e.g. {@code file}
 * @param activePath {@code sieve_script_active_path}, or null
 */
public record SieveScriptSettings(String name, String type, String driver, String path, String activePath, SourceLocation where) {
}
