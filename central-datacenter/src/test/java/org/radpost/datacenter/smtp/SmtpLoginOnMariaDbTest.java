package org.radpost.datacenter.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.directory.Directory;
import org.radpost.schema.Database;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.CuttingRelay;
import org.radpost.testkit.TestDatabases;
import org.radpost.wire.tls.LoopbackTls;

/**
 * Logins against the real directory on MariaDB, reached through a proxy the test can sever: failed logins are
 * rows in {@code auth_failure}, and during a database outage new connections are greeted at once while the
 * logins waiting on the database end in a temporary {@code 454}, for AUTH PLAIN and AUTH LOGIN alike.
 */
class SmtpLoginOnMariaDbTest {
    static final String USER = "center1@radpost.test";
    static final String PASSWORD = "s3cret-pw";
    /** How long the pool waits for a connection before giving up: far longer than a greeting may take. */
    static final int POOL_WAIT_MS = 15_000;

    @TempDir
    static Path folder;
    static DatabaseConfig direct;
    static CuttingRelay proxy;
    static Database database;
    static LoopbackTls tls;
    static SmtpServer server;

    @BeforeAll
    static void start() throws IOException {
        direct = TestDatabases.freshMariaDb();
        proxy = new CuttingRelay(3306);
        String name = direct.jdbcUrl().replaceAll(".*:3306/([^?]+).*", "$1");
        Path hikari = Files.writeString(folder.resolve("hikari.properties"), "connectionTimeout=" + POOL_WAIT_MS + "\n");
        System.setProperty("hikaricp.configurationFile", hikari.toString());
        try {
            database = Database.open(DatabaseConfig.mysql("127.0.0.1", proxy.port(), name, "root", ""), DataCenter.ENTITIES);
        } finally {
            System.clearProperty("hikaricp.configurationFile");
        }
        Directory directory = new Directory(database.sessionFactory(), Clock.systemUTC());
        directory.addCenter("c1", "Center One", USER, PASSWORD);
        tls = LoopbackTls.create(folder.resolve("ca"));
        server = new SmtpServer(SmtpServerConfig.loopback(64 * 1024, folder.resolve("staging")), tls.server(), directory,
                RecipientPolicy.localDomain("radpost.test"), new RecordingSink());
        server.start();
    }

    @AfterAll
    static void stop() throws IOException {
        server.stop();
        database.close();
        proxy.close();
        TestDatabases.drop(direct);
    }

    @Test
    void failedLoginsAreAuditedAsRowsWithThePeerAddress() throws Exception {
        try (RawSmtpClient client = connect()) {
            assertThat(client.command("AUTH PLAIN " + RawSmtpClient.plain(USER, "wrong"))).startsWith("535 5.7.8");
            assertThat(client.command("AUTH PLAIN " + RawSmtpClient.plain("no-such-center", "wrong"))).startsWith("535 5.7.8");
            assertThat(client.command("AUTH PLAIN " + RawSmtpClient.plain(USER, PASSWORD))).startsWith("235");
        }
        assertThat(auditRows("SMTP', '127.0.0.1', '" + USER)).isEqualTo(1);
        assertThat(auditRows("SMTP', '127.0.0.1', 'no-such-center")).isEqualTo(1);
    }

    @Test
    void duringADatabaseOutageGreetingsComeAtOnceAndLoginsFailTemporarily() throws Exception {
        proxy.sever();
        // An idle pooled connection to the severed server fails at once; evicted, every login waits on the pool
        // as it does in a real outage, where the pool's connections went stale long before.
        ((com.zaxxer.hikari.HikariDataSource) database.dataSource()).getHikariPoolMXBean().softEvictConnections();
        try {
            List<CompletableFuture<String>> logins = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                RawSmtpClient client = connect(Duration.ofMillis(POOL_WAIT_MS * 3L));
                boolean plain = i % 2 == 0;
                logins.add(CompletableFuture.supplyAsync(() -> {
                    try (client) {
                        return plain ? client.command("AUTH PLAIN " + RawSmtpClient.plain(USER, PASSWORD)) : authLogin(client);
                    } catch (IOException e) {
                        return "failed: " + e;
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> proxy.refused() > 0);

            // More logins wait on the database than there are I/O threads; a new client is greeted all the same.
            try (RawSmtpClient newcomer = RawSmtpClient.implicitTls(server.smtpsPort(), tls.client(), Duration.ofSeconds(5))) {
                assertThat(newcomer.reply()).startsWith("220 ");
                assertThat(newcomer.command("EHLO test.example")).startsWith("250");
            }
            assertThat(logins).as("logins still waiting on the database").noneMatch(CompletableFuture::isDone);

            for (CompletableFuture<String> login : logins) {
                assertThat(login.get(POOL_WAIT_MS * 3L, TimeUnit.MILLISECONDS)).startsWith("454 4.7.0");
            }
        } finally {
            proxy.restore();
        }
        try (RawSmtpClient client = connect()) {
            assertThat(client.command("AUTH PLAIN " + RawSmtpClient.plain(USER, PASSWORD))).startsWith("235");
        }
    }

    private static String authLogin(RawSmtpClient client) throws IOException {
        Base64.Encoder b64 = Base64.getEncoder();
        assertThat(client.command("AUTH LOGIN")).startsWith("334");
        assertThat(client.command(b64.encodeToString(USER.getBytes(StandardCharsets.UTF_8)))).startsWith("334");
        return client.command(b64.encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)));
    }

    private static RawSmtpClient connect() throws IOException {
        return connect(Duration.ofSeconds(15));
    }

    private static RawSmtpClient connect(Duration readTimeout) throws IOException {
        RawSmtpClient client = RawSmtpClient.implicitTls(server.smtpsPort(), tls.client(), readTimeout);
        client.reply();
        client.command("EHLO test.example");
        return client;
    }

    /** Rows for (protocol, peer, user) counted straight on MariaDB, not through the proxy. */
    private static long auditRows(String protocolPeerUser) throws SQLException {
        String[] key = protocolPeerUser.split("', '");
        try (Connection c = DriverManager.getConnection(direct.jdbcUrl(), "root", "");
             var statement = c.prepareStatement("select count(*) from auth_failure where protocol = ? and peer_address = ?"
                     + " and user_name = ? and reason = 'invalid-credentials'")) {
            statement.setString(1, key[0]);
            statement.setString(2, key[1]);
            statement.setString(3, key[2]);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
