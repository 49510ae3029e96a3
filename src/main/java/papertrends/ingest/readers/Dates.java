package papertrends.ingest.readers;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;

/** Date parsing of the readers: several styles, impossible dates refused. */
public final class Dates {
  private Dates() {}

  /** Earliest accepted publication date. */
  public static final LocalDate MIN = LocalDate.of(1600, 1, 1);

  /** Thrown for a date that cannot be read or is impossible. */
  public static final class BadDate extends Exception {
    public BadDate(String message) {
      super(message);
    }
  }

  private static final List<DateTimeFormatter> DATE_TIME = List.of(
      DateTimeFormatter.ISO_OFFSET_DATE_TIME,
      DateTimeFormatter.ISO_ZONED_DATE_TIME,
      DateTimeFormatter.RFC_1123_DATE_TIME);

  /**
   * Parses ISO dates (2021-03-04), timestamps with or without zone (2021-03-04T05:06:07Z,
   * 2021-03-04 05:06:07), RFC 1123 (Mon, 2 Apr 2007 19:18:42 GMT), year-month and year; null or
   * blank gives null.
   */
  public static LocalDate parse(String raw) throws BadDate {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String s = raw.trim();
    LocalDate d = null;
    try {
      if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
        d = LocalDate.parse(s, DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT));
      } else if (s.matches("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?")) {
        d = LocalDate.parse(s.substring(0, 10), DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT));
        checkTime(s.substring(11));
      } else if (s.matches("\\d{4}-\\d{2}")) {
        d = LocalDate.parse(s + "-01", DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT));
      } else if (s.matches("\\d{4}")) {
        d = LocalDate.of(Integer.parseInt(s), 1, 1);
      } else {
        for (DateTimeFormatter f : DATE_TIME) {
          try {
            d = f == DateTimeFormatter.RFC_1123_DATE_TIME
                ? ZonedDateTime.parse(s, f).toLocalDate()
                : OffsetDateTime.parse(s, f).toLocalDate();
            break;
          } catch (DateTimeParseException ignored) {
            // next style
          }
        }
      }
    } catch (DateTimeParseException | NumberFormatException e) {
      // well-formed digits that name no day (2021-02-30) are impossible, the rest unreadable
      throw new BadDate((s.matches("\\d{4}-\\d{2}.*") ? "impossible" : "bad") + " date '" + s
          + "'");
    }
    if (d == null) {
      throw new BadDate("bad date '" + s + "'");
    }
    return check(d, s);
  }

  /** Refuses dates before 1600 or more than a year in the future. */
  public static LocalDate check(LocalDate d, String raw) throws BadDate {
    if (d.isBefore(MIN) || d.isAfter(LocalDate.now().plusYears(1))) {
      throw new BadDate("impossible date '" + raw + "'");
    }
    return d;
  }

  private static void checkTime(String t) throws BadDate {
    String[] p = t.split("[:.]");
    int h = Integer.parseInt(p[0]);
    int m = Integer.parseInt(p[1]);
    int sec = p.length > 2 ? Integer.parseInt(p[2]) : 0;
    if (h > 23 || m > 59 || sec > 60) {
      throw new BadDate("bad time '" + t + "'");
    }
  }

  /** Month names of MedlineDate and similar free forms. */
  public static int month(String name) throws BadDate {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.matches("\\d{1,2}")) {
      int m = Integer.parseInt(n);
      if (m >= 1 && m <= 12) {
        return m;
      }
    }
    String[] names = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
        "nov", "dec"};
    for (int i = 0; i < names.length; i++) {
      if (n.startsWith(names[i])) {
        return i + 1;
      }
    }
    throw new BadDate("bad month '" + name + "'");
  }
}
