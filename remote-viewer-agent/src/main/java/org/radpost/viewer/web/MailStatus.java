package org.radpost.viewer.web;

import java.util.Optional;
import org.radpost.viewer.poll.DownloadProgress;
import org.radpost.viewer.poll.PollResult;

/**
 * What the worklist's mail line shows: the message on its way and how far it is, or the last finished mail check.
 * {@code study} names the downloading message's study when this agent already holds part of it ("DOE, JANE").
 */
public record MailStatus(DownloadProgress.Snapshot download, Optional<String> study, Optional<PollResult> lastPoll) {
}
