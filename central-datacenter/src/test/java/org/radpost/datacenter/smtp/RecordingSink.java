package org.radpost.datacenter.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A message sink for tests: keeps each (small) message it is given and answers what the test chooses. */
final class RecordingSink implements MessageSink {
    record Received(Envelope envelope, String message) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Function<Envelope, SinkResult> answer = envelope -> new SinkResult.Accepted("q" + received.size());
    private volatile Runnable beforeAnswer = () -> { };

    @Override
    public SinkResult accept(Envelope envelope, InputStream message) throws IOException {
        received.add(new Received(envelope, new String(message.readAllBytes(), StandardCharsets.ISO_8859_1)));
        beforeAnswer.run();
        return answer.apply(envelope);
    }

    void answer(Function<Envelope, SinkResult> answer) {
        this.answer = answer;
    }

    void beforeAnswer(Runnable action) {
        this.beforeAnswer = action;
    }

    List<Received> received() {
        return received;
    }

    Received last() {
        return received.get(received.size() - 1);
    }

    void reset() {
        received.clear();
        answer = envelope -> new SinkResult.Accepted("q" + received.size());
        beforeAnswer = () -> { };
    }
}
