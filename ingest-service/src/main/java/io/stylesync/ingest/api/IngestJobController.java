package io.stylesync.ingest.api;

import io.stylesync.common.error.ProblemException;
import io.stylesync.ingest.job.IngestJobView;
import io.stylesync.ingest.job.IngestJobs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/ingest-jobs")
@Tag(name = "Ingest jobs", description = "Progress of ingest jobs")
class IngestJobController {

    private final IngestJobs jobs;

    IngestJobController(IngestJobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/{id}")
    @Operation(summary = "Phase, counts, percent and ETA of a job")
    IngestJobView get(@PathVariable String id) {
        return jobs.get(id).orElseThrow(() -> ProblemException.notFound("no ingest job " + id));
    }

    @GetMapping
    @Operation(summary = "Recorded jobs of every instance, newest first (kept in S3 across restarts)")
    List<IngestJobView> list() {
        return jobs.list();
    }
}
