package org.radpost.datacenter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.TestDatabases;

/** A real data center on loopback over a private database, with one center, two viewers and one authorization. */
public final class DataCenterFixture implements AutoCloseable {
    public static final String CENTER = "center1@radpost.test";
    public static final String VIEWER = "viewer1@radpost.test";
    public static final String OTHER_VIEWER = "viewer2@radpost.test";
    public static final String PASSWORD = "s3cret-pw";

    public final DataCenter dataCenter;
    public final DatabaseConfig database;
    public final Path dir;

    private DataCenterFixture(DataCenter dataCenter, DatabaseConfig database, Path dir) {
        this.dataCenter = dataCenter;
        this.database = database;
        this.dir = dir;
    }

    /** Starts on a fresh MariaDB database ({@code mariadb}) or an H2 file database. */
    public static DataCenterFixture start(Path dir, boolean mariadb) throws IOException {
        return start(dir, mariadb, java.util.function.UnaryOperator.identity());
    }

    /** As above, with the local configuration changed by {@code settings} (a setting under test). */
    public static DataCenterFixture start(Path dir, boolean mariadb, java.util.function.UnaryOperator<DatacenterConfig> settings)
            throws IOException {
        DatabaseConfig database = mariadb ? TestDatabases.freshMariaDb() : TestDatabases.freshH2(dir.resolve("h2"));
        DataCenter dataCenter = DataCenter.start(settings.apply(DatacenterConfig.local(dir.resolve("dc"), database)), Clock.systemUTC());
        dataCenter.directory().addCenter("c1", "Center One", CENTER, PASSWORD);
        dataCenter.directory().addViewer("v1", "Dr. One", VIEWER, PASSWORD, AccessLevel.FULL);
        dataCenter.directory().addViewer("v2", "Dr. Two", OTHER_VIEWER, PASSWORD, AccessLevel.FULL);
        dataCenter.directory().authorize("c1", "v1", null);
        return new DataCenterFixture(dataCenter, database, dir);
    }

    public SmtpSubmitter submitter(String user) throws IOException {
        return new SmtpSubmitter(SmtpSettings.of("127.0.0.1", dataCenter.smtpsPort(), SmtpSettings.Security.SMTPS, user,
                PASSWORD, dataCenter.trustStore(), "changeit"));
    }

    /** Packages the files as one study from the center to {@code to} and returns the message files. */
    public List<Path> packageStudy(Path files, String to, Priority priority) throws IOException {
        return packageStudy(files, to, priority, MessageWriter.DEFAULT_SIZE_CAP);
    }

    /** As above, split under {@code sizeCap} bytes per message. */
    public List<Path> packageStudy(Path files, String to, Priority priority, long sizeCap) throws IOException {
        StudyBatch batch = new StudyScanner().scan(List.of(files)).studies().get(0);
        return new MessageWriter(sizeCap).write(new Addressing(CENTER, to, priority), batch, Files.createTempDirectory(dir, "out"));
    }

    public SubmitOutcome send(Path eml) throws IOException {
        return submitter(CENTER).submit(eml, n -> { });
    }

    /** Waits until the pipeline's worker has taken every queued message as far as it goes. */
    public void drainPipeline() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> count("select count(*) from message where state not in ('done','quarantined')") == 0);
    }

    public long count(String sql) {
        return dataCenter.database().sessionFactory().fromSession(s ->
                ((Number) s.createNativeQuery(sql, Object.class).getSingleResult()).longValue());
    }

    @Override
    public void close() {
        dataCenter.close();
        TestDatabases.drop(database);
    }
}
