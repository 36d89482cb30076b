package org.colombier.auth.statics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.DriverSettings;
import org.colombier.api.template.Template;
import org.colombier.api.template.UserVariables;
import org.colombier.auth.AuthTemplates;
import org.colombier.auth.DriverOptions;

/**
 * The {@code fields { ... }} block of a static section, which reaches us flattened as
 * {@code fields/NAME} settings ({@code fields/uid = vmail}, {@code fields/home = /srv/%{user}}).
 * Templates are parsed once, at configuration time.
 */
final class StaticFields {
    private final Map<String, Template> fields = new LinkedHashMap<>();

    StaticFields(DriverSettings settings) throws AuthConfigException {
        for (Map.Entry<String, String> field : DriverOptions.group(settings, "fields").entrySet()) {
            fields.put(field.getKey(), AuthTemplates.parse(field.getValue()));
        }
    }

    boolean contains(String name) {
        return fields.containsKey(name);
    }

    Map<String, String> expand(UserVariables vars) {
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach((name, template) -> out.put(name, template.expand(vars)));
        return out;
    }
}
