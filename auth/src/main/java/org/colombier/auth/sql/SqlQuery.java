package org.colombier.auth.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.template.Template;
import org.colombier.api.template.UserVariables;
import org.colombier.auth.AuthTemplates;

/**
 * A Dovecot SQL query whose {@code %{...}} variables become {@code ?} parameters of a prepared
 * statement, never text spliced into SQL. Dovecot queries quote their variables
 * ({@code WHERE username = '%{user}'}); such a quoted variable becomes a bare {@code ?}. A variable
 * inside a longer string literal cannot be a parameter and is a configuration error.
 */
public final class SqlQuery {
    private final String sql;
    private final List<Template.Variable> parameters;

    private SqlQuery(String sql, List<Template.Variable> parameters) {
        this.sql = sql;
        this.parameters = List.copyOf(parameters);
    }

    public static SqlQuery compile(String query) throws AuthConfigException {
        List<Template.Part> parts = AuthTemplates.parse(query).parts();
        StringBuilder sql = new StringBuilder();
        List<Template.Variable> parameters = new ArrayList<>();
        boolean inString = false;
        boolean skipQuote = false;
        for (Template.Part part : parts) {
            if (part instanceof Template.Literal literal) {
                String text = literal.text();
                if (skipQuote) {
                    if (!text.startsWith("'")) {
                        throw quotedError(query);
                    }
                    text = text.substring(1);
                    skipQuote = false;
                }
                for (int i = 0; i < text.length(); i++) {
                    if (text.charAt(i) == '\'') {
                        inString = !inString;
                    }
                }
                sql.append(text);
            } else {
                if (inString) {
                    // only '%{var}' exactly: drop the opening quote here and the closing one next
                    if (sql.length() == 0 || sql.charAt(sql.length() - 1) != '\'') {
                        throw quotedError(query);
                    }
                    sql.setLength(sql.length() - 1);
                    inString = false;
                    skipQuote = true;
                }
                sql.append('?');
                parameters.add((Template.Variable) part);
            }
        }
        if (skipQuote) {
            throw quotedError(query);
        }
        return new SqlQuery(sql.toString(), parameters);
    }

    private static AuthConfigException quotedError(String query) {
        return new AuthConfigException("SQL query \"" + query
                + "\": a variable must stand alone or be quoted alone ('%{user}'), not inside a longer string");
    }

    /** The SQL sent to the database, with {@code ?} for every variable. */
    public String sql() {
        return sql;
    }

    /** Runs the query; each row maps lower-cased column labels to values, NULL columns left out. */
    public List<Map<String, String>> run(DataSource dataSource, UserVariables vars) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setString(i + 1, parameters.get(i).value(vars));
            }
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<Map<String, String>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        String value = rs.getString(c);
                        if (value != null) {
                            row.put(meta.getColumnLabel(c).toLowerCase(Locale.ROOT), value);
                        }
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    @Override
    public String toString() {
        return sql;
    }
}
