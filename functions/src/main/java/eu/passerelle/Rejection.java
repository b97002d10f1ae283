package eu.passerelle;

import java.util.List;
import java.util.Objects;

/**
 * A request the domain refuses, with what the caller needs to fix it. Plain Java on purpose:
 * handlers map {@link Kind} to an HTTP status and the rest to an RFC 9457 problem.
 */
public class Rejection extends RuntimeException {

    public enum Kind { INVALID, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, GONE, UNPROCESSABLE, TOO_MANY_REQUESTS }

    /** Where the problem is: a query parameter, a path parameter, a header or a body JSON pointer. */
    public record Pointer(Location location, String name, String detail) {
        public enum Location { PATH, QUERY, HEADER, BODY }

        public Pointer {
            Objects.requireNonNull(location);
            Objects.requireNonNull(name);
            Objects.requireNonNull(detail);
        }
    }

    private final Kind kind;
    private final String type;
    private final String title;
    private final List<Pointer> pointers;
    private final java.time.Duration retryAfter;

    public Rejection(Kind kind, String type, String title, String detail, List<Pointer> pointers) {
        this(kind, type, title, detail, pointers, null);
    }

    private Rejection(Kind kind, String type, String title, String detail, List<Pointer> pointers,
                      java.time.Duration retryAfter) {
        super(detail, null, false, false);
        this.kind = Objects.requireNonNull(kind);
        this.type = Objects.requireNonNull(type);
        this.title = Objects.requireNonNull(title);
        this.pointers = List.copyOf(pointers);
        this.retryAfter = retryAfter;
    }

    /** Too many calls: the caller may try again after {@code retryAfter} (HTTP's Retry-After). */
    public static Rejection tooManyRequests(String type, String title, String detail, java.time.Duration retryAfter) {
        return new Rejection(Kind.TOO_MANY_REQUESTS, type, title, detail, List.of(), Objects.requireNonNull(retryAfter));
    }

    public static Rejection invalidQuery(String type, String title, String parameter, String detail) {
        return new Rejection(Kind.INVALID, type, title, detail,
                List.of(new Pointer(Pointer.Location.QUERY, parameter, detail)));
    }

    public static Rejection invalidPath(String type, String title, String parameter, String detail) {
        return new Rejection(Kind.INVALID, type, title, detail,
                List.of(new Pointer(Pointer.Location.PATH, parameter, detail)));
    }

    public static Rejection notFound(String type, String title, String detail) {
        return new Rejection(Kind.NOT_FOUND, type, title, detail, List.of());
    }

    public Kind kind() {
        return kind;
    }

    /** A short stable slug naming the problem type, such as {@code unknown-postal-code}. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<Pointer> pointers() {
        return pointers;
    }

    /** How long to wait before trying again, when the rejection says so. */
    public java.util.Optional<java.time.Duration> retryAfter() {
        return java.util.Optional.ofNullable(retryAfter);
    }
}
