package org.colombier.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A configuration's effective settings without source locations: what a round trip must preserve. */
final class Effective {
    private Effective() {
    }

    static Map<String, Object> of(ColombierConfig c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("protocols", c.protocols());
        out.put("listen", c.listen());
        out.put("ssl", c.ssl());
        out.put("auth", c.auth());
        out.put("mail", c.mail());
        out.put("global", values(c.global()));
        Map<String, Object> perProtocol = new TreeMap<>();
        c.perProtocol().forEach((p, s) -> perProtocol.put(p, values(s)));
        out.put("perProtocol", perProtocol);
        out.put("services", c.services().stream().map(s -> List.of(s.name(),
                s.inetListeners().stream().map(l -> List.of(l.name(), l.addresses(), l.port(), l.ssl())).toList(),
                s.unixListeners().stream().map(l -> List.of(l.path(), l.mode())).toList())).toList());
        out.put("passdbs", c.passdbs());
        out.put("userdbs", c.userdbs());
        out.put("namespaces", c.namespaces());
        out.put("sieveScripts", c.sieveScripts().stream()
                .map(s -> new SieveScriptSettings(s.name(), s.type(), s.driver(), s.path(), s.activePath(), null)).toList());
        return out;
    }

    private static Map<String, String> values(Map<String, Setting> settings) {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, s) -> out.put(k, s.value()));
        return out;
    }
}
