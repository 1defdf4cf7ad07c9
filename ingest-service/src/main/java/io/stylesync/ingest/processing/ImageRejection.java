package io.stylesync.ingest.processing;

/** An image that was not accepted, with the reason and a sentence a person can act on. */
public record ImageRejection(String id, String key, RejectReason reason, String detail) {}
