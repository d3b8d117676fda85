package org.radpost.viewer.background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundLoopTest {
    @Test
    void aWokenLoopRunsItsWorkAndHandsBackTheResult() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (BackgroundLoop<Integer> loop = new BackgroundLoop<>("test-loop", Duration.ofSeconds(1), runs::incrementAndGet)) {
            assertThat(loop.wake().get(5, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(loop.wake().get(5, TimeUnit.SECONDS)).isEqualTo(2);
        }
    }

    @Test
    void keepsRunningOnItsScheduleAfterARunThrows() {
        AtomicInteger runs = new AtomicInteger();
        try (BackgroundLoop<Void> loop = BackgroundLoop.of("test-loop", Duration.ofSeconds(1), () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("first run fails");
            }
        })) {
            loop.start(Duration.ofMillis(10));
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
        }
    }

    @Test
    void runsOnANamedDaemonThreadAndStopsWhenClosed() throws Exception {
        Thread[] seen = new Thread[1];
        BackgroundLoop<Void> loop = BackgroundLoop.of("viewer-test", Duration.ofSeconds(1), () -> seen[0] = Thread.currentThread());
        loop.wake().get(5, TimeUnit.SECONDS);
        loop.close();

        assertThat(seen[0].getName()).isEqualTo("viewer-test");
        assertThat(seen[0].isDaemon()).isTrue();
        seen[0].join(5000);
        assertThat(seen[0].isAlive()).isFalse();
    }
}
