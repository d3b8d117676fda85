package org.radpost.bench;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another main (a part's own CLI, unchanged) and prints {@code PEAK <heap bytes> <rss bytes>} when the JVM
 * ends, however it ends: the CLIs call System.exit, so the figures come from a shutdown hook.
 * Usage: {@code java -cp ... org.radpost.bench.Measured <main class> [args...]}.
 */
public final class Measured {
    private Measured() {}

    public static void main(String[] args) throws Exception {
        HeapWatch heap = HeapWatch.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.flush();
            System.out.println("PEAK " + ProcessPeak.self("", heap.stop().sampled()).line());
            System.out.flush();
        }));
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
