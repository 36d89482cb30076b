package org.colombier.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.template.TemplateException;
import org.colombier.api.template.UserVariables;

/** Expands the variables in field values ({@code userdb_home=/srv/%{user}}) for one request. */
public final class FieldTemplates {
    private FieldTemplates() {
    }

    /** A value that is not a valid template is kept as written. */
    public static Map<String, String> expand(Map<String, String> fields, UserVariables vars) {
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach((key, value) -> out.put(key, expand(value, vars)));
        return out;
    }

    private static String expand(String value, UserVariables vars) {
        if (!value.contains("%")) {
            return value;
        }
        try {
            return AuthTemplates.parse(value).expand(vars);
        } catch (AuthConfigException | TemplateException e) {
            return value;
        }
    }
}
