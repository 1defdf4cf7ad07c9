package io.stylesync.common.dataset;

import io.stylesync.common.storage.S3Location;

/**
 * The S3 layout of processed datasets, shared by the writer (ingest) and the readers (training,
 * monitoring): {@code processed/<dataset>/<version>/} holding {@code images/}, {@code records.jsonl},
 * {@code splits/<split>.csv}, {@code quality-report.json|html}, {@code reference-stats.json} and,
 * last, {@code manifest.json}.
 */
public final class DatasetPaths {

    public static final String ROOT = "processed/";
    public static final String MANIFEST = "manifest.json";
    public static final String RECORDS = "records.jsonl";
    public static final String QUALITY_JSON = "quality-report.json";
    public static final String QUALITY_HTML = "quality-report.html";
    public static final String REFERENCE_STATS = "reference-stats.json";

    private DatasetPaths() {}

    public static S3Location datasetPrefix(String bucket, String dataset) {
        return S3Location.of(bucket, ROOT + dataset + "/");
    }

    public static S3Location versionPrefix(String bucket, String dataset, String version) {
        return S3Location.of(bucket, ROOT + dataset + "/" + version + "/");
    }

    public static S3Location manifest(String bucket, String dataset, String version) {
        return versionPrefix(bucket, dataset, version).resolve(MANIFEST);
    }

    public static String imageKey(String id) {
        return "images/" + id + ".jpg";
    }

    public static String splitFile(Split split) {
        return "splits/" + split.wireName() + ".csv";
    }
}
