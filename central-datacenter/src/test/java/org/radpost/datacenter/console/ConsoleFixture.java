package org.radpost.datacenter.console;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.TestDatabases;

/** A real data center with its console, one user per role, one center and two viewers (c1 may send to v1 only). */
final class ConsoleFixture implements AutoCloseable {
    static final String PASSWORD = "console-pw-123";
    final DataCenter dataCenter;
    final DatabaseConfig database;

    ConsoleFixture(Path dir, Clock clock, boolean mariadb) throws Exception {
        this(dir, clock, mariadb, config -> config);
    }

    /** As above, with the settings changed by {@code settings} (e.g. a metrics token). */
    ConsoleFixture(Path dir, Clock clock, boolean mariadb, java.util.function.UnaryOperator<DatacenterConfig> settings) throws Exception {
        database = mariadb ? TestDatabases.freshMariaDb() : TestDatabases.freshH2(dir.resolve("h2"));
        DatacenterConfig local = DatacenterConfig.local(dir.resolve("dc"), database);
        DatacenterConfig config = settings.apply(local.withConsole(0, Duration.ofMinutes(30)));
        dataCenter = DataCenter.start(config, clock);
        dataCenter.directory().addCenter("c1", "Center One", DataCenterFixture.CENTER, DataCenterFixture.PASSWORD);
        dataCenter.directory().addViewer("v1", "Dr. One", DataCenterFixture.VIEWER, DataCenterFixture.PASSWORD, AccessLevel.FULL);
        dataCenter.directory().addViewer("v2", "Dr. Two", DataCenterFixture.OTHER_VIEWER, DataCenterFixture.PASSWORD, AccessLevel.FULL);
        dataCenter.directory().authorize("c1", "v1", null);
        for (Role role : Role.values()) {
            dataCenter.consoleUsers().add(role.name().toLowerCase(), PASSWORD, role);
        }
    }

    /** Packages the folder as one study from center c1 to {@code to}, split under {@code sizeCap}, and sends every part. */
    void send(Path folder, String to, long sizeCap) throws Exception {
        var batch = new org.radpost.wire.build.StudyScanner().scan(java.util.List.of(folder)).studies().get(0);
        var parts = new org.radpost.wire.build.MessageWriter(sizeCap).write(new org.radpost.wire.build.Addressing(
                DataCenterFixture.CENTER, to, org.radpost.wire.Priority.ROUTINE), batch, java.nio.file.Files.createTempDirectory(folder.getParent(), "out"));
        var submitter = new org.radpost.wire.transport.SmtpSubmitter(org.radpost.wire.transport.SmtpSettings.of("127.0.0.1",
                dataCenter.smtpsPort(), org.radpost.wire.transport.SmtpSettings.Security.SMTPS, DataCenterFixture.CENTER,
                DataCenterFixture.PASSWORD, dataCenter.trustStore(), "changeit"));
        for (Path part : parts) {
            submitter.submit(part, n -> { });
        }
    }

    /** Waits until the pipeline has taken every queued message as far as it goes. */
    void drain() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> count("select count(*) from message where state not in ('done','quarantined','failed')") == 0);
    }

    /** Polls a mailbox over POP3S as the viewer or center agents do, taking (and deleting) every message in it. */
    java.util.List<org.radpost.wire.transport.MailboxReader.Fetched> fetch(String user, Path folder) throws Exception {
        return new org.radpost.wire.transport.MailboxReader(new org.radpost.wire.transport.Pop3Settings("127.0.0.1",
                dataCenter.pop3sPort(), user, DataCenterFixture.PASSWORD, dataCenter.trustStore(), "changeit"),
                java.nio.file.Files.createDirectories(folder)).fetchAll();
    }

    /**
     * Ends a study's newest done message FAILED at the archive stage, as the worker leaves a message whose stage
     * used up its attempts (WorkerQueueTest drives that path itself); returns the message number.
     */
    long failAtArchive(String studyUid, String reason) {
        long id = count("select max(id) from message where study_uid = '" + studyUid + "' and state = 'done'");
        dataCenter.database().sessionFactory().inTransaction(s -> s.createNativeMutationQuery("UPDATE message SET state = 'failed',"
                        + " failed_stage = 'archive', attempts = 10, last_error = :e WHERE id = :id")
                .setParameter("e", reason).setParameter("id", id).executeUpdate());
        return id;
    }

    ConsoleClient client() throws Exception {
        return new ConsoleClient(dataCenter);
    }

    ConsoleClient signedIn(Role role) throws Exception {
        ConsoleClient client = client();
        var response = client.login(role.name().toLowerCase(), PASSWORD);
        if (response.statusCode() != 302 || response.headers().firstValue("Location").orElse("").contains("login")) {
            throw new AssertionError("sign-in as " + role + " failed: " + response.statusCode() + " " + response.headers().map());
        }
        client.follow(response);
        return client;
    }

    long count(String sql) {
        return dataCenter.database().sessionFactory().fromSession(s ->
                ((Number) s.createNativeQuery(sql, Object.class).getSingleResult()).longValue());
    }

    @Override
    public void close() {
        dataCenter.close();
        TestDatabases.drop(database);
    }
}
