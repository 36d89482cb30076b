package org.colombier.doveadm;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.colombier.api.auth.UserLookup;
import org.colombier.api.auth.UserRecord;
import org.colombier.api.template.Template;
import org.colombier.api.template.TemplateException;
import org.colombier.api.template.UserVariables;
import org.colombier.auth.AuthDrivers;
import org.colombier.config.ColombierConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code doveadm user [-f FIELD] [-u] USER|MASK...}: a user's userdb fields as
 * Dovecot prints them, {@code field<TAB>value} lines under a {@code field<TAB>value} header, the
 * configuration's mail settings filling what the userdb leaves out; with {@code -u} the userdb
 * alone, as {@code auth lookup} prints. A mask with {@code *} or {@code ?} lists the matching users.
 * Status 67 for an unknown user, 75 when the userdb cannot answer.
 */
@Command(name = "user", description = "Show the userdb fields of users, or list users matching a mask.")
final class UserCommand implements Callable<Integer> {
    @ParentCommand
    Doveadm doveadm;

    @Spec
    CommandSpec spec;

    @Mixin
    FieldPrinter printer;

    @Option(names = "-u", description = "Show the userdb fields only.")
    boolean userdbOnly;

    @Parameters(paramLabel = "USER", arity = "1..*")
    List<String> users;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ColombierConfig config = doveadm.config();
        try (AuthDrivers drivers = doveadm.authDrivers()) {
            if (users.stream().anyMatch(u -> u.indexOf('*') >= 0 || u.indexOf('?') >= 0)) {
                List<Pattern> masks = users.stream().map(UserCommand::mask).toList();
                drivers.users().stream().filter(u -> masks.stream().anyMatch(m -> m.matcher(u).matches()))
                        .forEach(out::println);
                out.flush();
                return Doveadm.EX_OK;
            }
            if (!userdbOnly && printer.only == null) {
                out.println("field\tvalue");
            }
            int status = Doveadm.EX_OK;
            for (int i = 0; i < users.size(); i++) {
                String user = users.get(i);
                if (i > 0) {
                    out.println();
                }
                UserLookup result = drivers.lookup(user);
                if (result instanceof UserLookup.Found found) {
                    print(out, user, found.user(), config);
                } else if (result instanceof UserLookup.NotFound) {
                    (printer.only == null ? out : err).println((userdbOnly || printer.only != null ? "" : "\n")
                            + "userdb lookup: user " + user + " doesn't exist");
                    status = Doveadm.EX_NOUSER;
                } else {
                    err.println("Error: userdb lookup failed for " + user + ": " + ((UserLookup.TempFail) result).detail());
                    status = Doveadm.EX_TEMPFAIL;
                }
            }
            out.flush();
            err.flush();
            return status;
        }
    }

    private void print(PrintWriter out, String asked, UserRecord record, ColombierConfig config) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (userdbOnly || !record.user().equals(asked)) {
            fields.put("user", record.user());
        }
        fields.put("uid", record.uid().isPresent() ? String.valueOf(record.uid().getAsInt()) : "");
        fields.put("gid", record.gid().isPresent() ? String.valueOf(record.gid().getAsInt()) : "");
        if (userdbOnly) {
            if (record.home() != null) {
                fields.put("home", record.home());
            }
            fields.putAll(new TreeMap<>(record.fields()));
            printer.print(out, "userdb: " + asked, fields);
            return;
        }
        fields.put("home", record.home() != null ? record.home() : configuredHome(record.user(), config));
        fields.put("mail_driver", record.fields().getOrDefault("mail_driver", config.setting("mail_driver").orElse("")));
        fields.put("mail_path", record.fields().getOrDefault("mail_path", config.setting("mail_path").orElse("")));
        new TreeMap<>(record.fields()).forEach(fields::putIfAbsent);
        if (printer.only != null) {
            printer.print(out, null, fields);
        } else {
            fields.forEach((key, value) -> out.println(key + "\t" + value));
        }
    }

    /** {@code mail_home} expanded for the user, as the mail layer would; empty when unset or unusable. */
    private static String configuredHome(String user, ColombierConfig config) {
        String mailHome = config.setting("mail_home").orElse("");
        if (mailHome.isEmpty()) {
            return "";
        }
        try {
            return Template.parse(mailHome).expand(new UserVariables(user, null));
        } catch (TemplateException e) {
            return "";
        }
    }

    /** A doveadm user mask: {@code *} any run, {@code ?} one character, case-insensitive. */
    private static Pattern mask(String mask) {
        StringBuilder regex = new StringBuilder();
        for (char c : mask.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
