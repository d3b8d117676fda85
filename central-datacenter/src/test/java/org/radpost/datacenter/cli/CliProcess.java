package org.radpost.datacenter.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code datacenter} command in its own JVM, as a user would, without a terminal. */
final class CliProcess {
    /** What the command printed and how it exited. */
    record Result(int exitCode, String out, String err) {
        String all() { return out + err; }
    }

    private CliProcess() {}

    static Result run(Path workDir, String stdin, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DatacenterCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().remove("RADPOST_PASSWORD");
        builder.environment().putAll(env);
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("datacenter " + String.join(" ", args) + " did not finish in 2 minutes");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
