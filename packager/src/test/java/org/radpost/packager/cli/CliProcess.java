package org.radpost.packager.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code packager} as a user does: {@link PackagerCli#main} in a JVM of its own (so System.exit, System.err and
 * whatever a library prints there are real), in a working folder, and returns its exit code and both outputs.
 */
record CliProcess(int exitCode, String out, String err) {
    static CliProcess run(Path workingFolder, String... args) throws IOException, InterruptedException {
        Process process = start(workingFolder, args);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("packager " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new CliProcess(process.exitValue(), Files.readString(workingFolder.resolve(".out-" + process.pid()),
                StandardCharsets.UTF_8), Files.readString(workingFolder.resolve(".err-" + process.pid()), StandardCharsets.UTF_8));
    }

    /** Starts the command without waiting; its outputs go to .out-PID and .err-PID in the working folder. */
    static Process start(Path workingFolder, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), PackagerCli.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workingFolder, ".out", "");
        Path err = Files.createTempFile(workingFolder, ".err", "");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingFolder.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("RADPOST_LOG_LEVEL", "INFO");
        Process process = builder.start();
        Files.move(out, workingFolder.resolve(".out-" + process.pid()));
        Files.move(err, workingFolder.resolve(".err-" + process.pid()));
        return process;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
