package org.colombier.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.auth.template.AuthTemplate;
import org.colombier.auth.template.AuthVariables;

/** Expands the variables in field values ({@code userdb_home=/srv/%{user}}) for one request. */
public final class FieldTemplates {
    private FieldTemplates() {
    }

    /** A value that is not a valid template is kept as written. */
    public static Map<String, String> expand(Map<String, String> fields, AuthVariables vars) {
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach((key, value) -> out.put(key, expand(value, vars)));
        return out;
    }

    private static String expand(String value, AuthVariables vars) {
        if (!value.contains("%")) {
            return value;
        }
        try {
            return AuthTemplate.parse(value).expand(vars);
        } catch (AuthConfigException e) {
            return value;
        }
    }
}
