package org.radpost.datacenter.config;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * The running data center's logging, set up by {@code datacenter serve} on top of the wire library's shared
 * configuration (which stays as it is for the other programs and the tests): dated lines on the terminal, and the
 * same lines in {@code <data-dir>/logs/datacenter.log}, rolled daily and at 50 MB, 30 days and 1 GB kept.
 */
public final class DatacenterLogging {
    /** Date and time on every line: an operator reads logs across days. */
    public static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";

    private DatacenterLogging() {}

    public static Path toFile(Path logDir) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                redate(context, console);
            }
        }
        Path file = logDir.resolve("datacenter.log");
        RollingFileAppender<ILoggingEvent> rolling = new RollingFileAppender<>();
        rolling.setContext(context);
        rolling.setName("DATACENTER-FILE");
        rolling.setFile(file.toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(rolling);
        policy.setFileNamePattern(logDir.resolve("datacenter.%d{yyyy-MM-dd}.%i.log.gz").toString());
        policy.setMaxFileSize(FileSize.valueOf("50MB"));
        policy.setMaxHistory(30);
        policy.setTotalSizeCap(FileSize.valueOf("1GB"));
        policy.start();
        rolling.setRollingPolicy(policy);
        rolling.setEncoder(encoder(context));
        rolling.start();
        root.addAppender(rolling);
        return file;
    }

    /** Flushes and closes the log file: the last lines of a shutdown must reach it. */
    public static void stop() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }

    private static void redate(LoggerContext context, OutputStreamAppender<ILoggingEvent> appender) {
        appender.stop();
        appender.setEncoder(encoder(context));
        appender.start();
    }

    private static PatternLayoutEncoder encoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }
}
