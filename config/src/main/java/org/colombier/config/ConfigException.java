package org.colombier.config;

/** A configuration that cannot run. Its message is {@code FILE:LINE: what is wrong}. */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient SourceLocation where;
    private final String problem;

    public ConfigException(SourceLocation where, String problem) {
        super(where == null ? problem : where + ": " + problem);
        this.where = where;
        this.problem = problem;
    }

    public ConfigException(SourceLocation where, String problem, Throwable cause) {
        super(where == null ? problem : where + ": " + problem, cause);
        this.where = where;
        this.problem = problem;
    }

    /** Where the offending setting is, or null when it is not in any file (a missing required setting). */
    public SourceLocation where() {
        return where;
    }

    public String problem() {
        return problem;
    }
}
