package org.radpost.datacenter.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;
import org.radpost.wire.transport.SubmitOutcome;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 database sends its trace to our log (TRACE_LEVEL_FILE=4, so that it writes no trace file of its
 * own); at the application's INFO level that was every SQL statement it ran, parameters included — patient names
 * and IDs in the data center's log file, and CPU spent formatting them. Only H2's warnings and errors belong there.
 */
class EmbeddedDatabaseLogTest {
    @TempDir
    Path dir;

    @Test
    void theEmbeddedDatabaseLogsNoStatementsAtTheDefaultLevel() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        log.start();
        root.addAppender(log);
        root.setLevel(Level.INFO);   // the data center's default (RADPOST_LOG_LEVEL unset)
        try (DataCenterFixture fixture = DataCenterFixture.start(dir, false)) {
            SampleStudy study = SampleStudy.of("CT", "PID-LOG-1", "SECRET^NAME", "ACC-LOG-1");
            study.writeImages(dir.resolve("study"), 1);
            assertThat(fixture.send(fixture.packageStudy(dir.resolve("study"), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0)))
                    .isInstanceOf(SubmitOutcome.Sent.class);
            fixture.drainPipeline();
        } finally {
            root.detachAppender(log);
            root.setLevel(level);
        }
        List<ILoggingEvent> h2 = List.copyOf(log.list).stream()
                .filter(e -> e.getLoggerName().startsWith("h2database") && !e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        assertThat(h2).extracting(e -> e.getFormattedMessage().lines().findFirst().orElse(""))
                .as("H2 trace lines below WARN in the data center's log").isEmpty();
        assertThat(List.copyOf(log.list)).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains("SECRET^NAME") || m.contains("PID-LOG-1"));
    }
}
