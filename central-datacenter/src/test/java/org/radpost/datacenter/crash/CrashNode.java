package org.radpost.datacenter.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of {@link CrashNodeMain} in a child JVM: started, optionally armed with a fault point, killed. */
final class CrashNode implements AutoCloseable {
    final Process process;
    final int smtpsPort;
    final int pop3sPort;

    private CrashNode(Process process, int smtpsPort, int pop3sPort) {
        this.process = process;
        this.smtpsPort = smtpsPort;
        this.pop3sPort = pop3sPort;
    }

    /** Starts a node on {@code data} and waits for its ports; {@code fault} empty means unarmed. */
    static CrashNode start(Path data, List<String> database, String fault, int after, Path log) throws IOException {
        return start(data, database, fault, after, log, List.of());
    }

    /** As above, with further JVM options for the node (system properties). */
    static CrashNode start(Path data, List<String> database, String fault, int after, Path log, List<String> options)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dradpost.reconcile.grace=PT0S", "-DRADPOST_LOG_LEVEL=WARN"));
        command.addAll(options);
        if (!fault.isEmpty()) {
            command.add("-Dradpost.fault=" + fault);
            command.add("-Dradpost.fault.after=" + after);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashNodeMain.class.getName(), data.toString()));
        command.addAll(database);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        String line = out.readLine();
        if (line == null && halted(process)) {
            // Its fault point came before it reported its ports: work queued by the last run reached it at start-up.
            return new CrashNode(process, -1, -1);
        }
        if (line == null || !line.startsWith("PORTS ")) {
            String exit = exitValue(process);
            process.destroyForcibly();
            // The log lives in the test's temporary folder, gone after the run: its end goes into the failure itself.
            throw new IOException("the data-center node did not start (" + line + ", exit " + exit + "); the end of "
                    + log + ":\n" + tail(log, 40));
        }
        String[] ports = line.split(" ");
        return new CrashNode(process, Integer.parseInt(ports[1]), Integer.parseInt(ports[2]));
    }

    private static String exitValue(Process process) {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = java.nio.file.Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static boolean halted(Process process) {
        try {
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == org.radpost.schema.FaultPoint.HALT_STATUS;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** kill -9. */
    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
