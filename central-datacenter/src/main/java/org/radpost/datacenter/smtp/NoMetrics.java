package org.radpost.datacenter.smtp;

import java.time.Duration;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.reactivestreams.Publisher;

/**
 * The metric factory James Protocols' handlers require, discarding what they report; RadPost's own figures go
 * through Micrometer at the pipeline, not through James' per-command timers.
 */
public final class NoMetrics implements MetricFactory {

    @Override
    public Metric generate(String name) {
        return new Metric() {
            @Override
            public void increment() {
            }

            @Override
            public void decrement() {
            }

            @Override
            public void add(int value) {
            }

            @Override
            public void remove(int value) {
            }

            @Override
            public long getCount() {
                return 0;
            }
        };
    }

    @Override
    public TimeMetric timer(String name) {
        long start = System.nanoTime();
        return new TimeMetric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ExecutionResult stopAndPublish() {
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                return new ExecutionResult() {
                    @Override
                    public Duration elasped() {
                        return elapsed;
                    }

                    @Override
                    public ExecutionResult logWhenExceedP99(Duration threshold) {
                        return this;
                    }
                };
            }
        };
    }

    @Override
    public <T> Publisher<T> decoratePublisherWithTimerMetric(String name, Publisher<T> publisher) {
        return publisher;
    }

    @Override
    public <T> Publisher<T> decoratePublisherWithTimerMetricLogP99(String name, Publisher<T> publisher) {
        return publisher;
    }
}
