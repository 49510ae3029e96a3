package papertrends.config;

/** A bad command line or configuration: reported as one line, exit code 2. */
public class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
