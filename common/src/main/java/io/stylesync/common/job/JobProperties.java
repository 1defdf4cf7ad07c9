package io.stylesync.common.job;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How job records are kept in S3 ({@code jobs/<service>/<id>.json}).
 *
 * @param heartbeat how often a live job's record is rewritten (its progress, and the proof its process is alive)
 * @param lease     a queued or running record not rewritten for this long belongs to a process that is gone: it is
 *                  marked INTERRUPTED by whichever instance sees it first
 * @param history   the most records listed
 * @param retention how long a finished job's record is kept; older ones are deleted (the listing reads every
 *                  record, so the bucket must not grow without end)
 */
@Validated
@ConfigurationProperties("stylesync.jobs")
public record JobProperties(
        @DefaultValue("PT10S") @NotNull Duration heartbeat,
        @DefaultValue("PT60S") @NotNull Duration lease,
        @DefaultValue("500") @Min(1) int history,
        @DefaultValue("P30D") @NotNull Duration retention) {

    @AssertTrue(message = "lease must be at least twice the heartbeat, or a live job would be taken for a dead one")
    public boolean isLeaseLongerThanTwoHeartbeats() {
        return heartbeat == null || lease == null || lease.compareTo(heartbeat.multipliedBy(2)) >= 0;
    }
}
