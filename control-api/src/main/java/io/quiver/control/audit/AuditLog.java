package io.quiver.control.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only audit log: one JSON object per line in {@code <data-dir>/audit.jsonl}, each
 * line forced to disk before {@link #append} returns. Lines are never rewritten or removed by the
 * control API; a torn last line (a crash mid-write) is skipped when the log is reopened and new
 * entries follow on a fresh line.
 *
 * <p>The entries are also kept in memory for paging (about 200 bytes each); a log that outgrows
 * memory needs an external store (see docs/control-api.md).
 *
 * <p>Thread-safe: appends are serialized.
 */
public final class AuditLog implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Path file;
  private final FileChannel channel;
  private final List<AuditRecord> entries = new ArrayList<>();

  /** Opens (creating if needed) the log in {@code directory}. */
  public AuditLog(Path directory) {
    try {
      Files.createDirectories(directory);
      file = directory.resolve("audit.jsonl");
      boolean tornTail = false;
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          if (line.isBlank()) {
            continue;
          }
          try {
            entries.add(JSON.readValue(line, AuditRecord.class));
          } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "audit log {0}: line {1} is unreadable and skipped: {2}", file, i + 1,
                e.getMessage());
            tornTail = i == lines.size() - 1;
          }
        }
        byte[] all = Files.readAllBytes(file);
        tornTail |= all.length > 0 && all[all.length - 1] != '\n';
      }
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      if (tornTail) {
        channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the audit log in " + directory, e);
    }
  }

  /** Appends a REST call's entry (its sequence number is assigned here) and returns it once it is on disk. */
  public AuditRecord append(Instant time, String actor, String tenant, String action, String target, String result,
      String source) {
    return appendAll(List.of(new AuditRecord.Entry(time, actor, tenant, action, target, result, source,
        AuditRecord.CONTROL_API))).getFirst();
  }

  /**
   * Appends {@code batch} in order (consecutive sequence numbers) with one write and one force to
   * disk, and returns the records once they are on disk.
   */
  public synchronized List<AuditRecord> appendAll(List<AuditRecord.Entry> batch) {
    List<AuditRecord> records = new ArrayList<>(batch.size());
    StringBuilder lines = new StringBuilder();
    long seq = entries.size();
    try {
      for (AuditRecord.Entry e : batch) {
        AuditRecord r = new AuditRecord(++seq, e.time(), e.actor(), e.tenant() == null ? "" : e.tenant(), e.action(),
            e.target(), e.result(), e.source() == null ? "" : e.source(), e.origin());
        records.add(r);
        lines.append(JSON.writeValueAsString(r)).append('\n');
      }
      ByteBuffer buf = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the audit log " + file, e);
    }
    entries.addAll(records);
    return records;
  }

  /**
   * Entries after {@code afterSeq}, oldest first, at most {@code limit}, only those of
   * {@code tenant} when it is not null.
   */
  public synchronized List<AuditRecord> page(String tenant, long afterSeq, int limit) {
    List<AuditRecord> out = new ArrayList<>();
    for (int i = (int) Math.max(0, Math.min(afterSeq, entries.size())); i < entries.size() && out.size() < limit; i++) {
      AuditRecord r = entries.get(i);
      if (tenant == null || tenant.equals(r.tenant())) {
        out.add(r);
      }
    }
    return out;
  }

  /** The number of entries. */
  public synchronized long size() {
    return entries.size();
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
