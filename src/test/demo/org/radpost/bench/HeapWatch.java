package org.radpost.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Watches this JVM's heap from start to stop: a sampled peak of used heap and the sum of the pools' own peaks. */
final class HeapWatch {
    /** Peak figures in bytes; the sampled peak is a lower bound, the pool sum an upper bound (pools peak at different times). */
    record Peak(long sampled, long poolPeakSum, long max) {
        String describe() {
            return String.format("%.0f MB sampled (5 ms), %.0f MB sum of heap-pool peaks, of -Xmx %.0f MB",
                    Bench.mb(sampled), Bench.mb(poolPeakSum), Bench.mb(max));
        }
    }

    private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final AtomicLong sampled = new AtomicLong();
    private final Thread sampler;

    private HeapWatch() {
        sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                sampled.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
    }

    /** Collects garbage first so what came before the measured work does not count, then starts sampling. */
    static HeapWatch start() {
        System.gc();
        HeapWatch watch = new HeapWatch();
        watch.pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        watch.sampler.start();
        return watch;
    }

    /** The figures so far; sampling goes on. */
    Peak peak() {
        long poolPeaks = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Peak(sampled.get(), poolPeaks, Runtime.getRuntime().maxMemory());
    }

    Peak stop() {
        sampler.interrupt();
        return peak();
    }
}
