package org.radpost.datacenter.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a command gets a password from, in order: the value after {@code --password} (visible in the process list,
 * so discouraged), {@code --password-file}, a prompt on a terminal, {@code $RADPOST_PASSWORD}, or the first line of
 * standard input. An empty password is never returned.
 */
final class PasswordInput {
    static final String ENV = "RADPOST_PASSWORD";

    private PasswordInput() {}

    static String read(String given, Path file, String forWhom) throws IOException {
        if (given != null && !given.isEmpty()) {
            return given;
        }
        if (file != null) {
            return nonEmpty(Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse(""), forWhom);
        }
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Password for %s: ", forWhom);
            return nonEmpty(typed == null ? "" : new String(typed), forWhom);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isEmpty()) {
            return env;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        return nonEmpty(line == null ? "" : line, forWhom);
    }

    private static String nonEmpty(String password, String forWhom) {
        if (password.isBlank()) {
            throw new UsageException("no password for " + forWhom + ": type one at the prompt, pipe it on standard input, give"
                    + " --password-file FILE, or set " + ENV + "; an empty password is never stored");
        }
        return password;
    }
}
