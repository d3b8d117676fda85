package org.radpost.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One part of the system in a JVM of its own, so its peak heap and RSS are its own: its stdout goes to a log,
 * lines in capitals followed by a space ({@code READY}, {@code PEAK ...}) are protocol replies the bench waits for,
 * and lines written to it are commands.
 */
final class Child implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final PrintWriter commands;
    private final Thread reader;

    private Child(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.reader = new Thread(this::copyOutput, name + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java <jvmOptions> -cp <this classpath> <main> <args>}; stdout and stderr go to {@code <work>/<name>.log}. */
    static Child java(String name, Path work, List<String> jvmOptions, String main, List<String> args) throws IOException {
        return java(name, work, List.of(), jvmOptions, main, args);
    }

    /** As above, started through {@code wrapper} (e.g. {@code taskset -c 1}: the child on one core). */
    static Child java(String name, Path work, List<String> wrapper, List<String> jvmOptions, String main, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // For profiling a run: e.g. BENCH_CHILD_OPTS='-XX:StartFlightRecording=filename=/tmp/%n.jfr' (%n: the child's name).
        String extra = System.getenv().getOrDefault("BENCH_CHILD_OPTS", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.replace("%n", name).split("\\s+")));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main);
        command.addAll(args);
        Path log = work.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new Child(name, process, log);
    }

    private void copyOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line + "\n");
                out.flush();
                if (line.matches("[A-Z][A-Z0-9]*( .*)?")) {
                    replies.add(line);
                } else if (line.startsWith("[bench]")) {
                    System.out.println(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot copy its output to " + log, e);
        }
    }

    void send(String command) {
        commands.println(command);
    }

    /** The next reply starting with {@code prefix} (others are dropped); fails naming the child and its log. */
    String expect(String prefix, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String line = replies.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line.substring(prefix.length()).strip();
            }
            if (line == null && !process.isAlive() && replies.isEmpty()) {
                break;
            }
        }
        throw new IllegalStateException(name + " did not say '" + prefix.strip() + "' within " + seconds + " s"
                + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + "; see " + log);
    }

    /** Waits for the child to end by itself; its exit code. */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not finish within " + seconds + " s; see " + log);
        }
        reader.join(5000);
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** Asks the child to stop ({@code quit}), returns its {@code PEAK} line, and makes sure it is gone. */
    ProcessPeak quit() throws InterruptedException {
        send("quit");
        ProcessPeak peak = ProcessPeak.parse(name, expect("PEAK ", 120));
        close();
        return peak;
    }

    @Override
    public void close() throws InterruptedException {
        commands.close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(5000);
    }
}
