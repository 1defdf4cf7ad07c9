package io.stylesync.common.testing;

import io.stylesync.common.image.DecodeLimits;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Named malformed requests for a service's real endpoints, the same for the same seed: broken and hostile JSON
 * (per field of the endpoint's request shape), wrong content types, hostile path segments, and broken, disguised
 * and oversized image uploads. Every corpus starts from baseline requests that must be accepted (so a service that
 * refuses everything fails), and extreme but valid images may be accepted or refused with a 4xx problem, never a
 * 5xx. Every other case must be refused with a 4xx problem ({@link BadInputRunner}); a case whose
 * value a field could legitimately accept does not belong here, so value mutations are listed per field by the caller.
 * Bodies are built when sent ({@link Case#body()}), so the multi-megabyte ones are not all held at once.
 */
public final class BadInputCorpus {

    /** What a well-behaved service answers to a case. */
    public enum Expect {
        /** a 4xx application/problem+json: the malformed requests */
        PROBLEM,
        /** a 2xx: the baseline each corpus starts from, so a refusal of everything cannot pass for validation */
        ACCEPTED,
        /** a 2xx, or a 4xx problem naming why: extreme but valid inputs; never a 5xx */
        ACCEPTED_OR_PROBLEM
    }

    /** One request; {@code contentType} null = no Content-Type header; {@code body} null = no body. */
    public record Case(
            String name, String method, String path, String contentType, Supplier<byte[]> body, Expect expect) {

        public Case(String name, String method, String path, String contentType, Supplier<byte[]> body) {
            this(name, method, path, contentType, body, Expect.PROBLEM);
        }
    }

    /** A JSON literal written as-is (NaN, Infinity, 2^63, ...), which a JSON library would refuse to write. */
    public record Raw(String json) {}

    public static final Raw NAN = new Raw("NaN");
    public static final Raw INFINITY = new Raw("Infinity");
    public static final Raw MINUS_INFINITY = new Raw("-Infinity");
    public static final Raw TWO_POW_63 = new Raw(BigInteger.TWO.pow(63).toString());
    public static final Raw MINUS_TWO_POW_63_MINUS_1 =
            new Raw(BigInteger.TWO.pow(63).negate().subtract(BigInteger.ONE).toString());
    public static final Raw HUGE_EXPONENT = new Raw("1e400");
    public static final Raw LEADING_ZEROS = new Raw("007");
    public static final Raw HEX = new Raw("0x10");

    /** Values no integer field with a positive range accepts. */
    public static final List<Object> ABSURD_COUNTS = List.of(
            -1,
            0,
            1e308,
            TWO_POW_63,
            MINUS_TWO_POW_63_MINUS_1,
            NAN,
            INFINITY,
            MINUS_INFINITY,
            HUGE_EXPONENT,
            LEADING_ZEROS,
            HEX,
            Integer.MAX_VALUE,
            Long.MIN_VALUE);
    /** Values no storage key, name or URI field accepts. */
    public static final List<Object> HOSTILE_KEYS = List.of(
            "../../etc/passwd",
            "%2e%2e/%2e%2e/etc/passwd",
            "/etc/passwd",
            "s3://other-bucket/../../x",
            "..\\..\\windows\\win.ini",
            "a\u0000b",
            "\u001b[31mred\u001b[0m",
            "line\nbreak",
            "",
            " ",
            "\u202Eevil",
            "x".repeat(70_000));
    /** Values no numeric field accepts at all. */
    public static final List<Object> NOT_NUMBERS = List.of(
            "not-a-number",
            "1e99999",
            List.of(1),
            Map.of("v", 1),
            true,
            NAN,
            new Raw("--1"),
            new Raw("1.2.3"),
            new Raw("+1"),
            new Raw(".5"));

    private static final int DEEP = 10_000;
    private static final int HUGE_STRING = 5 * 1024 * 1024;

    private final Random random;
    private final List<Case> cases = new ArrayList<>();

    public BadInputCorpus(long seed) {
        this.random = new Random(seed);
    }

    public List<Case> cases() {
        return List.copyOf(cases);
    }

    /**
     * For a protocol whose real clients send bodies without a Content-Type (the Open Inference Protocol's, whose
     * NVIDIA client does): the {@link #json} example sent without one must then be accepted, not refused.
     */
    public BadInputCorpus acceptWithoutContentType(String method, String path) {
        String name = method + " " + path + " without content type";
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            if (c.name().equals(name)) {
                cases.set(i, new Case(name + " (baseline)", c.method(), c.path(), null, c.body(), Expect.ACCEPTED));
                return this;
            }
        }
        throw new IllegalArgumentException("no case '" + name + "': call json(...) for that path first");
    }

    public BadInputCorpus add(String name, String method, String path, String contentType, Supplier<byte[]> body) {
        cases.add(new Case(name, method, path, contentType, body));
        return this;
    }

    /** A valid request the service must accept with a 2xx. */
    public BadInputCorpus baseline(String name, String method, String path, String contentType, Supplier<byte[]> body) {
        cases.add(new Case(name + " (baseline)", method, path, contentType, body, Expect.ACCEPTED));
        return this;
    }

    /**
     * Extreme but valid images in part {@code part} of an upload to {@code path}: 1 x 4000 and 4000 x 1 pixels, 2 x 2,
     * the decoder's maximum side, a 16-bit PNG, a CMYK JPEG, a palette PNG with transparency, an EXIF-rotated JPEG.
     * Each must be accepted, or refused with a 4xx problem naming why (a selfie endpoint finds no face in them).
     */
    public BadInputCorpus extremeImages(String path, String part, Map<String, String> fields) {
        String p = "POST " + path + " extreme image:";
        image(
                Expect.ACCEPTED_OR_PROBLEM,
                p + " 1x4000 PNG",
                path,
                part,
                "a.png",
                "image/png",
                fields,
                () -> ImageCorpus.png(1, 4000, 1));
        image(
                Expect.ACCEPTED_OR_PROBLEM,
                p + " 4000x1 PNG",
                path,
                part,
                "a.png",
                "image/png",
                fields,
                () -> ImageCorpus.png(4000, 1, 2));
        image(
                Expect.ACCEPTED_OR_PROBLEM,
                p + " 2x2 JPEG",
                path,
                part,
                "a.jpg",
                "image/jpeg",
                fields,
                () -> ImageCorpus.jpeg(2, 2, 3));
        int side = DecodeLimits.DEFAULT_MAX_DIMENSION;
        image(
                Expect.ACCEPTED_OR_PROBLEM,
                p + " " + side + "x48 PNG (the decoder's maximum side)",
                path,
                part,
                "a.png",
                "image/png",
                fields,
                () -> ImageCorpus.encode(
                        ImageCorpus.rgbImage(side, 48, (x, y) -> (x * 255 / side) << 16 | y << 8), "png"));
        image(
                Expect.ACCEPTED_OR_PROBLEM,
                p + " 16-bit PNG",
                path,
                part,
                "a.png",
                "image/png",
                fields,
                () -> ImageCorpus.png16Bit(96, 64));
        image(
                Expect.ACCEPTED_OR_PROBLEM,
                p + " CMYK JPEG",
                path,
                part,
                "a.jpg",
                "image/jpeg",
                fields,
                () -> ImageCorpus.cmykJpeg(96, 64));
        image(
                Expect.ACCEPTED_OR_PROBLEM,
                p + " palette PNG with transparency",
                path,
                part,
                "a.png",
                "image/png",
                fields,
                () -> ImageCorpus.palettePngWithTransparency(96, 64));
        image(
                Expect.ACCEPTED_OR_PROBLEM,
                p + " EXIF-rotated JPEG",
                path,
                part,
                "a.jpg",
                "image/jpeg",
                fields,
                () -> JpegSegments.insertAfterSoi(
                        ImageCorpus.jpeg(96, 64, 4), JpegSegments.exifOrientationSegment(6, ByteOrder.BIG_ENDIAN)));
        return this;
    }

    /**
     * A JSON endpoint: structural damage, wrong content types, and per field of {@code example} (a valid request)
     * wrong types, null when {@code required} names it, and the field's {@code invalid} values.
     */
    public BadInputCorpus json(
            String method,
            String path,
            Map<String, Object> example,
            List<String> required,
            Map<String, List<Object>> invalid) {
        String p = method + " " + path;
        String valid = write(example);
        byte[] validBytes = valid.getBytes(StandardCharsets.UTF_8);
        baseline(p + " the example itself", method, path, "application/json", () -> validBytes);
        json(p + " empty body", method, path, "");
        json(p + " null", method, path, "null");
        json(p + " number", method, path, "42");
        json(p + " string", method, path, "\"" + path + "\"");
        json(p + " array of the request", method, path, "[" + valid + "]");
        if (!required.isEmpty()) {
            json(p + " empty object", method, path, "{}");
        }
        json(p + " trailing garbage", method, path, valid + " trailing");
        json(p + " two documents", method, path, valid + valid);
        json(p + " single quotes", method, path, valid.replace('"', '\''));
        json(p + " comment", method, path, "/* hi */" + valid);
        json(p + " unquoted keys", method, path, valid.replaceAll("\"([A-Za-z]+)\":", "$1:"));
        json(p + " trailing comma", method, path, valid.substring(0, valid.length() - 1) + ",}");
        json(p + " deep arrays", method, path, "[".repeat(DEEP) + "]".repeat(DEEP));
        json(p + " deep objects", method, path, "{\"a\":".repeat(DEEP) + "1" + "}".repeat(DEEP));
        String first = example.keySet().iterator().next();
        json(
                p + " deep value in " + first,
                method,
                path,
                "{\"" + first + "\":" + "[".repeat(DEEP) + "]".repeat(DEEP) + "}");
        json(p + " unclosed deep", method, path, "[".repeat(DEEP));
        json(p + " 5 MB string in " + first, method, path, "{\"" + first + "\":\"" + "A".repeat(HUGE_STRING) + "\"}");
        json(p + " 5 MB key", method, path, "{\"" + "k".repeat(HUGE_STRING) + "\":1}");
        add(
                p + " non-UTF-8 bytes",
                method,
                path,
                "application/json",
                () -> concat(
                        ("{\"" + first + "\":\"").getBytes(StandardCharsets.UTF_8),
                        new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE},
                        "\"}".getBytes(StandardCharsets.UTF_8)));
        add(
                p + " lone surrogate escape",
                method,
                path,
                "application/json",
                () -> ("{\"" + first + "\":\"\\uD800\"}").getBytes(StandardCharsets.UTF_8));
        add(
                p + " raw control char",
                method,
                path,
                "application/json",
                () -> ("{\"" + first + "\":\"a\u0001b\"}").getBytes(StandardCharsets.UTF_8));
        add(
                p + " bad escape",
                method,
                path,
                "application/json",
                () -> ("{\"" + first + "\":\"\\q\"}").getBytes(StandardCharsets.UTF_8));
        for (int cut : cuts(validBytes.length, 6)) {
            add(p + " truncated at " + cut, method, path, "application/json", () -> Arrays.copyOf(validBytes, cut));
        }
        structuralDamage(p, method, path, valid, 8);
        add(p + " as text/plain", method, path, "text/plain", () -> validBytes);
        add(
                p + " as application/xml",
                method,
                path,
                "application/xml",
                () -> "<request><a>1</a></request>".getBytes(StandardCharsets.UTF_8));
        add(
                p + " as form",
                method,
                path,
                "application/x-www-form-urlencoded",
                () -> "a=1&b=2".getBytes(StandardCharsets.UTF_8));
        add(p + " without content type", method, path, null, () -> validBytes);
        add(p + " unknown charset", method, path, "application/json; charset=x-no-such-charset", () -> validBytes);
        add(p + " malformed content type", method, path, "application/", () -> validBytes);
        Multipart m = new Multipart().field("request", valid);
        add(p + " as multipart", method, path, m.contentType(), () -> readAll(m));
        add(p + " wrong method", "PUT", path, "application/json", () -> validBytes);
        for (String field : example.keySet()) {
            Object good = example.get(field);
            for (Object wrong : wrongTypes(good)) {
                json(p + " " + field + "=" + label(wrong), method, path, write(with(example, field, wrong)));
            }
            if (required.contains(field)) {
                json(p + " " + field + " missing", method, path, write(without(example, field)));
                json(p + " " + field + "=null", method, path, write(with(example, field, null)));
            }
            for (Object bad : invalid.getOrDefault(field, List.of())) {
                json(p + " " + field + "=" + label(bad), method, path, write(with(example, field, bad)));
            }
        }
        return this;
    }

    /** GETs (or {@code method}) of {@code template} with its {@code {}} replaced by hostile, percent-encoded segments. */
    public BadInputCorpus pathSegments(String method, String template) {
        for (String segment : List.of(
                "..%2F..%2Fetc%2Fpasswd",
                "%2e%2e%2f%2e%2e",
                "%2F",
                "a%2Fb",
                "%00",
                "%FF%FE",
                "%C0%AE%C0%AE",
                "a%0Ab",
                "%5C..%5C..",
                "x".repeat(9000),
                "%25",
                ";a=b",
                "%E2%80%AE",
                "%20",
                "-1")) {
            add(method + " " + template + " " + label(segment), method, template.replace("{}", segment), null, null);
        }
        return this;
    }

    /** Query parameters of a GET: each value in {@code values} for {@code param}, percent-encoded as given. */
    public BadInputCorpus queryValues(String method, String path, String param, List<String> values) {
        for (String v : values) {
            add(method + " " + path + "?" + param + "=" + label(v), method, path + "?" + param + "=" + v, null, null);
        }
        return this;
    }

    /**
     * A multipart image upload: broken, disguised, bomb-sized and oversized images in part {@code part}, plus a
     * wrong part name, missing and wrong boundaries, a JSON body; {@code fields} are sent with every upload.
     */
    public BadInputCorpus upload(String path, String part, Map<String, String> fields) {
        return upload(path, part, fields, true);
    }

    /**
     * As {@link #upload(String, String, Map, boolean)}, starting from an upload of {@code valid} (a JPEG the endpoint
     * accepts, e.g. a portrait for a selfie endpoint) that must get a 2xx; the extreme images follow.
     */
    public BadInputCorpus upload(
            String path, String part, Map<String, String> fields, boolean partRequired, Supplier<byte[]> valid) {
        image(
                Expect.ACCEPTED,
                "POST " + path + " a valid JPEG (baseline)",
                path,
                part,
                "a.jpg",
                "image/jpeg",
                fields,
                valid);
        extremeImages(path, part, fields);
        return upload(path, part, fields, partRequired);
    }

    /**
     * As {@link #upload(String, String, Map)}; where the image part is optional ({@code partRequired} false), requests
     * that carry no image part at all (wrong part name, no parts, a body the parser finds no parts in) are left out:
     * they are valid requests without an image.
     */
    public BadInputCorpus upload(String path, String part, Map<String, String> fields, boolean partRequired) {
        String p = "POST " + path;
        long seed = random.nextLong();
        image(p + " zero bytes", path, part, "a.jpg", "image/jpeg", fields, () -> new byte[0]);
        for (int cut : List.of(2, 20, 200)) {
            image(
                    p + " JPEG cut to " + cut + " bytes",
                    path,
                    part,
                    "a.jpg",
                    "image/jpeg",
                    fields,
                    () -> Arrays.copyOf(ImageCorpus.jpeg(64, 64, seed), cut));
        }
        image(
                p + " truncated JPEG",
                path,
                part,
                "a.jpg",
                "image/jpeg",
                fields,
                () -> ImageCorpus.truncatedJpeg(96, 96, seed));
        image(p + " truncated PNG", path, part, "a.png", "image/png", fields, () -> {
            byte[] png = ImageCorpus.png(64, 64, seed);
            return Arrays.copyOf(png, png.length / 2);
        });
        image(
                p + " PNG header only",
                path,
                part,
                "a.png",
                "image/png",
                fields,
                () -> Arrays.copyOf(ImageCorpus.png(8, 8, seed), 33));
        image(
                p + " PNG declaring 100000x100000",
                path,
                part,
                "a.png",
                "image/png",
                fields,
                () -> ImageCorpus.pngWithDeclaredSize(100_000, 100_000));
        image(
                p + " PNG declaring 1x2147483647",
                path,
                part,
                "a.png",
                "image/png",
                fields,
                () -> ImageCorpus.pngWithDeclaredSize(1, Integer.MAX_VALUE));
        image(
                p + " PNG declaring 0x0",
                path,
                part,
                "a.png",
                "image/png",
                fields,
                () -> ImageCorpus.pngWithDeclaredSize(0, 0));
        image(
                p + " JPEG declaring 65500x65500",
                path,
                part,
                "a.jpg",
                "image/jpeg",
                fields,
                () -> JpegSegments.jpegClaiming(ImageCorpus.jpeg(32, 32, seed), 65_500, 65_500));
        image(
                p + " JPEG declaring 0x0",
                path,
                part,
                "a.jpg",
                "image/jpeg",
                fields,
                () -> JpegSegments.jpegClaiming(ImageCorpus.jpeg(32, 32, seed), 0, 0));
        for (int i = 0; i < 4; i++) {
            long s = random.nextLong();
            image(
                    p + " random bytes #" + i,
                    path,
                    part,
                    "a.jpg",
                    "image/jpeg",
                    fields,
                    () -> noise(new Random(s), 4096));
            image(
                    p + " JPEG magic then noise #" + i,
                    path,
                    part,
                    "a.jpg",
                    "image/jpeg",
                    fields,
                    () -> concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, noise(new Random(s), 2048)));
            image(
                    p + " PNG magic then noise #" + i,
                    path,
                    part,
                    "a.png",
                    "image/png",
                    fields,
                    () -> concat(
                            new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                            noise(new Random(s), 2048)));
        }
        image(p + " text named .jpg", path, part, "a.jpg", "image/jpeg", fields, ImageCorpus::textNamedJpg);
        image(
                p + " GIF magic then noise",
                path,
                part,
                "a.gif",
                "image/gif",
                fields,
                () -> concat("GIF89a".getBytes(StandardCharsets.US_ASCII), noise(new Random(seed), 512)));
        image(
                p + " TIFF bytes",
                path,
                part,
                "a.tif",
                "image/tiff",
                fields,
                () -> concat(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0}, noise(new Random(seed), 512)));
        image(
                p + " SVG",
                path,
                part,
                "a.svg",
                "image/svg+xml",
                fields,
                () ->
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100000\" height=\"100000\"><rect width=\"10\" height=\"10\"/></svg>"
                                .getBytes(StandardCharsets.UTF_8));
        image(
                p + " HTML",
                path,
                part,
                "a.html",
                "text/html",
                fields,
                () -> "<!doctype html><html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));
        image(
                p + " PDF",
                path,
                part,
                "a.pdf",
                "application/pdf",
                fields,
                () -> "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj<<>>endobj\n".getBytes(StandardCharsets.ISO_8859_1));
        image(
                p + " ZIP",
                path,
                part,
                "a.zip",
                "application/zip",
                fields,
                () -> concat(new byte[] {'P', 'K', 3, 4}, noise(new Random(seed), 256)));
        image(
                p + " JSON in the image part",
                path,
                part,
                "a.json",
                "application/json",
                fields,
                () -> "{\"image\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        image(
                p + " 15 MB file",
                path,
                part,
                "big.jpg",
                "image/jpeg",
                fields,
                () -> concat(ImageCorpus.jpeg(32, 32, seed), new byte[15 * 1024 * 1024]));
        image(
                p + " traversal filename",
                path,
                part,
                "../../etc/passwd",
                "image/jpeg",
                fields,
                ImageCorpus::textNamedJpg);
        for (String wrongPart : partRequired ? List.of("file", "Image", "") : List.<String>of()) {
            Multipart m = new Multipart().file(wrongPart, "a.jpg", "image/jpeg", ImageCorpus.jpeg(32, 32, seed));
            fields.forEach(m::field);
            add(p + " part named '" + wrongPart + "'", "POST", path, m.contentType(), () -> readAll(m));
        }
        Multipart empty = new Multipart();
        fields.forEach(empty::field);
        Multipart good = new Multipart().file(part, "a.jpg", "image/jpeg", ImageCorpus.jpeg(32, 32, seed));
        fields.forEach(good::field);
        if (partRequired) {
            add(p + " no parts", "POST", path, empty.contentType(), () -> readAll(empty));
            add(p + " wrong boundary", "POST", path, "multipart/form-data; boundary=nope", () -> readAll(good));
            add(p + " empty multipart body", "POST", path, good.contentType(), () -> new byte[0]);
            add(p + " multipart garbage", "POST", path, good.contentType(), () -> noise(new Random(seed), 1024));
        }
        add(p + " missing boundary", "POST", path, "multipart/form-data", () -> readAll(good));
        add(p + " empty boundary", "POST", path, "multipart/form-data; boundary=", () -> readAll(good));
        add(p + " unterminated multipart", "POST", path, good.contentType(), () -> {
            byte[] all = readAll(good);
            return Arrays.copyOf(all, all.length - 40);
        });
        add(
                p + " JSON body",
                "POST",
                path,
                "application/json",
                () -> "{\"image\":\"aGVsbG8=\"}".getBytes(StandardCharsets.UTF_8));
        add(p + " raw JPEG body", "POST", path, "image/jpeg", () -> ImageCorpus.jpeg(32, 32, seed));
        add(p + " text body", "POST", path, "text/plain", () -> "image".getBytes(StandardCharsets.UTF_8));
        add(p + " no content type", "POST", path, null, () -> ImageCorpus.jpeg(32, 32, seed));
        return this;
    }

    /** Uploads of a valid image with each {@code values} for the form field {@code param}. */
    public BadInputCorpus uploadField(String path, String part, String param, List<String> values) {
        long seed = random.nextLong();
        for (String v : values) {
            Multipart m = new Multipart()
                    .file(part, "a.jpg", "image/jpeg", ImageCorpus.jpeg(48, 48, seed))
                    .field(param, v);
            add("POST " + path + " " + param + "=" + label(v), "POST", path, m.contentType(), () -> readAll(m));
        }
        return this;
    }

    private void image(
            String name,
            String path,
            String part,
            String filename,
            String type,
            Map<String, String> fields,
            Supplier<byte[]> bytes) {
        image(Expect.PROBLEM, name, path, part, filename, type, fields, bytes);
    }

    private void image(
            Expect expect,
            String name,
            String path,
            String part,
            String filename,
            String type,
            Map<String, String> fields,
            Supplier<byte[]> bytes) {
        String boundaryType = new Multipart().contentType();
        String boundary = boundaryType.substring(boundaryType.indexOf('=') + 1);
        cases.add(new Case(
                name,
                "POST",
                path,
                boundaryType,
                () -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part
                                    + "\"; filename=\"" + filename + "\"\r\nContent-Type: " + type + "\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.writeBytes(bytes.get());
                    out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
                    fields.forEach((k, v) -> out.writeBytes(("--" + boundary
                                    + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n")
                            .getBytes(StandardCharsets.UTF_8)));
                    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
                    return out.toByteArray();
                },
                expect));
    }

    private void json(String name, String method, String path, String body) {
        add(name, method, path, "application/json", () -> body.getBytes(StandardCharsets.UTF_8));
    }

    /** Deletes or doubles a structural character (a brace, bracket, colon, comma or quote): never valid JSON. */
    private void structuralDamage(String p, String method, String path, String valid, int n) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < valid.length(); i++) {
            if ("{}[]:,\"".indexOf(valid.charAt(i)) >= 0) {
                positions.add(i);
            }
        }
        for (int k = 0; k < n && !positions.isEmpty(); k++) {
            int at = positions.get(random.nextInt(positions.size()));
            boolean delete = random.nextBoolean();
            char c = valid.charAt(at);
            String damaged = delete
                    ? valid.substring(0, at) + valid.substring(at + 1)
                    : valid.substring(0, at) + c + valid.substring(at);
            if (delete && c == '"' && at > 0 && valid.charAt(at - 1) == '"') {
                continue; // one quote of an empty string could pair with a later one
            }
            json(p + (delete ? " without '" : " doubled '") + c + "' at " + at, method, path, damaged);
        }
    }

    private List<Integer> cuts(int length, int n) {
        List<Integer> cuts = new ArrayList<>(List.of(1, length - 1));
        while (cuts.size() < n) {
            int c = 1 + random.nextInt(length - 2);
            if (!cuts.contains(c)) {
                cuts.add(c);
            }
        }
        return cuts;
    }

    private static List<Object> wrongTypes(Object good) {
        if (good instanceof String) {
            return List.of(Map.of("x", 1), List.of("a", "b"));
        }
        if (good instanceof Boolean) {
            return List.of("maybe", Map.of("x", 1), List.of(true));
        }
        if (good instanceof Number) {
            return List.of("abc", Map.of("x", 1), List.of(1, 2));
        }
        if (good instanceof List<?>) {
            return List.of("scalar", Map.of("x", 1), 7);
        }
        if (good instanceof Map<?, ?>) {
            return List.of("scalar", List.of(1, 2), 7);
        }
        return List.of(Map.of("x", 1));
    }

    private static Map<String, Object> with(Map<String, Object> example, String field, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(example);
        m.put(field, value);
        return m;
    }

    private static Map<String, Object> without(Map<String, Object> example, String field) {
        Map<String, Object> m = new LinkedHashMap<>(example);
        m.remove(field);
        return m;
    }

    private static String label(Object v) {
        String s = v instanceof Raw r ? r.json() : String.valueOf(v);
        StringBuilder b = new StringBuilder();
        s.codePoints()
                .limit(40)
                .forEach(c -> b.append(
                        c < 0x20 || c == 0x7f || (c >= 0x2000 && c <= 0x206f)
                                ? String.format("\\u%04x", c)
                                : Character.toString(c)));
        return s.length() > 40 ? b + "...(" + s.length() + " chars)" : b.toString();
    }

    /** Minimal JSON writer that also writes {@link Raw} literals. */
    public static String write(Object v) {
        StringBuilder b = new StringBuilder();
        write(b, v);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v) {
        switch (v) {
            case null -> b.append("null");
            case Raw r -> b.append(r.json());
            case String s -> {
                b.append('"');
                for (char c : s.toCharArray()) {
                    if (c == '"' || c == '\\') {
                        b.append('\\').append(c);
                    } else if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
                b.append('"');
            }
            case Map<?, ?> m -> {
                b.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        b.append(',');
                    }
                    first = false;
                    write(b, String.valueOf(e.getKey()));
                    b.append(':');
                    write(b, e.getValue());
                }
                b.append('}');
            }
            case List<?> l -> {
                b.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    write(b, l.get(i));
                }
                b.append(']');
            }
            default -> b.append(v);
        }
    }

    private static byte[] noise(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] readAll(Multipart m) {
        var publisher = m.publisher();
        java.util.concurrent.CompletableFuture<byte[]> done = new java.util.concurrent.CompletableFuture<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        publisher.subscribe(new java.util.concurrent.Flow.Subscriber<>() {
            public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            public void onNext(java.nio.ByteBuffer item) {
                byte[] b = new byte[item.remaining()];
                item.get(b);
                out.writeBytes(b);
            }

            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            public void onComplete() {
                done.complete(out.toByteArray());
            }
        });
        return done.join();
    }
}
