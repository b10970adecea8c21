package io.quiver.storage.catalog.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.common.exception.EtcdExceptionFactory;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import io.etcd.jetcd.lease.LeaseTimeToLiveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import io.quiver.storage.catalog.CompareFailedException;
import io.quiver.storage.catalog.KvStore;
import io.quiver.storage.catalog.Txn;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KvStore} in etcd, for cluster mode, with watches ({@link CatalogWatch}) and leases
 * ({@link Leases}) on the same connection. Every store key lives under {@link
 * EtcdConfig#rootPrefix()} (key {@code k} is etcd key {@code ROOT + k}, UTF-8); the layout is in
 * docs/catalog-keys.md.
 *
 * <p><b>The contract.</b> Exactly that of {@link KvStore}: a commit is one etcd transaction whose
 * compares are on mod revisions (0: absent) and whose success branch holds the deletes and puts;
 * revisions and mod revisions are etcd's (they start wherever the cluster is, and writes by others
 * under other prefixes advance them too). Reads are linearizable; a {@link #scan} reads pages of
 * {@link EtcdConfig#scanPageSize()} keys, all at the revision of the first page, so it is one
 * snapshot however many pages it takes.
 *
 * <p><b>Limits.</b> A transaction with more than {@link EtcdConfig#maxTxnOps()} puts plus deletes
 * (or compares), or larger than {@link EtcdConfig#maxRequestBytes()}, is refused with {@link
 * IllegalArgumentException} naming the limit and the largest key, before anything is sent; keys
 * must be valid Unicode (no unpaired surrogates).
 *
 * <p><b>Failures.</b> Every call has a deadline ({@link EtcdConfig#callTimeout()}). When etcd is
 * unreachable or has no quorum, calls fail within about that time with {@link
 * CatalogUnavailableException} (nothing happened; retryable). A commit that was sent but got no
 * answer fails with {@link CommitOutcomeUnknownException} and is never retried by the store. An
 * error etcd returns that retrying cannot fix is {@link CatalogRejectedException}. After an
 * outage the same store works again as soon as etcd answers: there is no need to reopen it.
 *
 * <p>Thread safety: all methods may be called from any number of threads at once.
 */
public final class EtcdKvStore implements KvStore, CatalogWatch, Leases {

  private static final Logger LOG = LoggerFactory.getLogger(EtcdKvStore.class);
  /** Per-operation protobuf overhead used to estimate a transaction's request size. */
  private static final int OP_OVERHEAD_BYTES = 24;
  /** Room for the request header and the raft envelope around a transaction. */
  private static final int REQUEST_MARGIN_BYTES = 1024;
  private static final int SCAN_ATTEMPTS = 3;

  private final EtcdConfig config;
  private final EtcdKeys keys;
  private final EtcdCalls calls;
  private final ScheduledExecutorService scheduler;
  private final Set<AutoCloseable> background = ConcurrentHashMap.newKeySet();

  private EtcdKvStore(EtcdConfig config) {
    this.config = config;
    this.keys = new EtcdKeys(config.rootPrefix());
    this.calls = new EtcdCalls(config);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "quiver-etcd-scheduler");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * A store on the etcd cluster and root prefix of {@code config}. Connects lazily: this does no
   * I/O, and a store opened while etcd is down works once etcd is up.
   */
  public static EtcdKvStore open(EtcdConfig config) {
    return new EtcdKvStore(config);
  }

  public EtcdConfig config() {
    return config;
  }

  // ------------------------------------------------------------------ KvStore

  @Override
  public Optional<Entry> get(String key) throws IOException {
    ByteSequence k = keys.encode(key);
    GetResponse response = calls.read("get of " + key, c -> c.getKVClient().get(k), EtcdCalls::rejected);
    List<KeyValue> kvs = response.getKvs();
    return kvs.isEmpty() ? Optional.empty() : Optional.of(entry(kvs.getFirst()));
  }

  @Override
  public List<Entry> scan(String prefix) throws IOException {
    return snapshot(prefix).entries();
  }

  @Override
  public long commit(Txn txn) throws IOException, CompareFailedException {
    return commit(txn, 0);
  }

  @Override
  public long revision() throws IOException {
    ByteSequence root = keys.encode("");
    GetOption countOnly = GetOption.builder().withCountOnly(true).build();
    return calls.read("revision read", c -> c.getKVClient().get(root, countOnly), EtcdCalls::rejected)
        .getHeader().getRevision();
  }

  /** Stops watches and keep-alives (leases are not revoked) and closes the connection. Idempotent. */
  @Override
  public void close() {
    if (calls.isClosed()) {
      return;
    }
    try {
      for (AutoCloseable task : List.copyOf(background)) {
        try {
          task.close();
        } catch (Exception e) {
          LOG.warn("closing {} failed", task, e);
        }
      }
    } finally {
      scheduler.shutdownNow();
      calls.close();
    }
  }

  // ------------------------------------------------------------------ CatalogWatch

  @Override
  public Snapshot snapshot(String prefix) throws IOException {
    ByteSequence start = keys.encode(prefix);
    ByteSequence end = EtcdKeys.prefixEnd(start);
    for (int attempt = 1; ; attempt++) {
      try {
        return scanPages(prefix, start, end);
      } catch (RevisionCompactedException e) {
        if (attempt == SCAN_ATTEMPTS) {
          throw new CatalogUnavailableException("scan of " + prefix + ": etcd compacted the revision of the scan "
              + SCAN_ATTEMPTS + " times while it was reading pages", e);
        }
      }
    }
  }

  /** Reads the range page by page, every page at the first page's revision. */
  private Snapshot scanPages(String prefix, ByteSequence start, ByteSequence end) throws IOException {
    List<Entry> entries = new ArrayList<>();
    long revision = 0; // first page: the current revision
    ByteSequence from = start;
    while (true) {
      GetOption option = GetOption.builder().withRange(end).withLimit(config.scanPageSize()).withRevision(revision).build();
      ByteSequence pageStart = from;
      GetResponse page = calls.read("scan of " + prefix, c -> c.getKVClient().get(pageStart, option),
          EtcdKvStore::scanRejected);
      if (revision == 0) {
        revision = page.getHeader().getRevision();
      }
      List<KeyValue> kvs = page.getKvs();
      for (KeyValue kv : kvs) {
        entries.add(entry(kv));
      }
      if (!page.isMore() || kvs.isEmpty()) {
        return new Snapshot(revision, entries);
      }
      from = EtcdKeys.successor(kvs.getLast().getKey());
    }
  }

  private static IOException scanRejected(String what, EtcdException error) {
    if (error.getErrorCode() == ErrorCode.OUT_OF_RANGE) {
      return new RevisionCompactedException(what, error);
    }
    return EtcdCalls.rejected(what, error);
  }

  @Override
  public Subscription watch(String prefix, long fromRevision, Listener listener) {
    EtcdWatch watch = new EtcdWatch(calls, keys, scheduler, prefix, fromRevision, listener, background::remove);
    background.add(watch);
    watch.start();
    return watch;
  }

  // ------------------------------------------------------------------ Leases

  @Override
  public Grant grant(Duration ttl) throws IOException {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("lease TTL must be positive, not " + ttl);
    }
    long seconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
    long requestedAt = System.nanoTime();
    // a grant that times out may still create a lease; it expires on its own, so reads' retry rules are safe
    LeaseGrantResponse response = calls.read("lease grant",
        c -> c.getLeaseClient().grant(seconds), EtcdCalls::rejected);
    return new Grant(response.getID(), Duration.ofSeconds(response.getTTL()), requestedAt);
  }

  @Override
  public KeepAlive keepAlive(Grant lease, ExpiryListener listener) {
    EtcdKeepAlive keepAlive = new EtcdKeepAlive(calls, scheduler, lease, listener, background::remove);
    background.add(keepAlive);
    keepAlive.start();
    return keepAlive;
  }

  @Override
  public long putWithLease(String key, byte[] value, long leaseId) throws IOException {
    try {
      return commitWithLease(Txn.builder().put(key, value).build(), leaseId);
    } catch (CompareFailedException e) {
      throw new IllegalStateException("a transaction without compares failed a compare", e);
    }
  }

  @Override
  public long commitWithLease(Txn txn, long leaseId) throws IOException, CompareFailedException {
    if (leaseId == 0) {
      throw new IllegalArgumentException("lease id 0 means no lease");
    }
    return commit(txn, leaseId);
  }

  @Override
  public void revoke(long leaseId) throws IOException {
    calls.read("revoke of lease " + Long.toHexString(leaseId),
        c -> c.getLeaseClient().revoke(leaseId).handle((ok, error) -> {
          if (error == null || isLeaseNotFound(error)) {
            return Boolean.TRUE; // revoking an expired lease is done already
          }
          throw error instanceof RuntimeException r ? r : new IllegalStateException(error);
        }), EtcdCalls::rejected);
  }

  @Override
  public Optional<Duration> timeToLive(long leaseId) throws IOException {
    LeaseTimeToLiveResponse response = calls.read("time to live of lease " + Long.toHexString(leaseId),
        c -> c.getLeaseClient().timeToLive(leaseId, LeaseOption.DEFAULT), EtcdCalls::rejected);
    return response.getTTL() < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(response.getTTL()));
  }

  private static boolean isLeaseNotFound(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return EtcdExceptionFactory.toEtcdException(cause).getErrorCode() == ErrorCode.NOT_FOUND;
  }

  // ------------------------------------------------------------------ commit

  /** One etcd transaction: If(compares) Then(deletes, puts) Else(get of each compared key). */
  private long commit(Txn txn, long leaseId) throws IOException, CompareFailedException {
    checkLimits(txn);
    List<Cmp> compares = new ArrayList<>();
    List<Op> orElse = new ArrayList<>();
    GetOption keysOnly = GetOption.builder().withKeysOnly(true).build();
    for (Txn.Compare c : txn.compares()) {
      ByteSequence key = keys.encode(c.key());
      compares.add(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(c.modRevision())));
      orElse.add(Op.get(key, keysOnly));
    }
    List<Op> then = new ArrayList<>();
    for (String key : txn.deletes()) {
      then.add(Op.delete(keys.encode(key), DeleteOption.DEFAULT));
    }
    PutOption put = leaseId == 0 ? PutOption.DEFAULT : PutOption.builder().withLeaseId(leaseId).build();
    for (Txn.Put p : txn.puts()) {
      then.add(Op.put(keys.encode(p.key()), ByteSequence.from(p.value()), put));
    }
    Cmp[] ifs = compares.toArray(Cmp[]::new);
    Op[] thens = then.toArray(Op[]::new);
    Op[] elses = orElse.toArray(Op[]::new);
    String what = describe(txn);
    TxnResponse response = calls.write(what, c -> c.getKVClient().txn().If(ifs).Then(thens).Else(elses).commit(),
        (w, error) -> commitRejected(w, error, txn, leaseId));
    if (response.isSucceeded()) {
      return response.getHeader().getRevision();
    }
    throw compareFailed(txn, response.getGetResponses());
  }

  /** The failed compares and what etcd found, in the words of {@link io.quiver.storage.catalog.KvState}. */
  private CompareFailedException compareFailed(Txn txn, List<GetResponse> found) {
    List<Txn.Compare> failed = new ArrayList<>();
    StringBuilder detail = new StringBuilder();
    for (int i = 0; i < txn.compares().size(); i++) {
      Txn.Compare c = txn.compares().get(i);
      List<KeyValue> kvs = found.get(i).getKvs();
      long actual = kvs.isEmpty() ? 0 : kvs.getFirst().getModRevision();
      if (actual != c.modRevision()) {
        failed.add(c);
        if (!detail.isEmpty()) {
          detail.append("; ");
        }
        detail.append("key ").append(c.key()).append(actual == 0 ? " is absent" : " has mod revision " + actual)
            .append(c.modRevision() == 0 ? ", expected absent" : ", expected " + c.modRevision());
      }
    }
    if (failed.isEmpty()) {
      // cannot happen: etcd evaluated the compares and the reads at the same revision
      throw new IllegalStateException("etcd reported a failed compare, but every compared key matches: " + txn.compares());
    }
    return new CompareFailedException(failed, detail.toString());
  }

  private IOException commitRejected(String what, EtcdException error, Txn txn, long leaseId) {
    String message = error.getMessage() == null ? "" : error.getMessage();
    if (error.getErrorCode() == ErrorCode.NOT_FOUND && leaseId != 0) {
      return new LeaseNotFoundException(leaseId, error);
    }
    if (message.contains("request is too large") || error.getErrorCode() == ErrorCode.RESOURCE_EXHAUSTED
        && message.contains("larger than max")) {
      throw new IllegalArgumentException(tooLarge(txn, -1) + " (etcd: " + message + ")", error);
    }
    if (message.contains("too many operations")) {
      throw new IllegalArgumentException(what + ": etcd allows fewer operations per transaction than configured ("
          + config.maxTxnOps() + "; etcd: " + message + ")", error);
    }
    return EtcdCalls.rejected(what, error);
  }

  private void checkLimits(Txn txn) {
    int writes = txn.puts().size() + txn.deletes().size();
    if (writes > config.maxTxnOps() || txn.compares().size() > config.maxTxnOps()) {
      throw new IllegalArgumentException("catalog transaction has " + writes + " puts and deletes and "
          + txn.compares().size() + " compares; etcd allows at most " + config.maxTxnOps()
          + " of each per transaction (--max-txn-ops)");
    }
    long size = 0;
    for (Txn.Put p : txn.puts()) {
      size += keys.bytes(p.key()).length + (long) p.value().length + OP_OVERHEAD_BYTES;
    }
    for (String key : txn.deletes()) {
      size += keys.bytes(key).length + OP_OVERHEAD_BYTES;
    }
    for (Txn.Compare c : txn.compares()) {
      size += 2L * (keys.bytes(c.key()).length + OP_OVERHEAD_BYTES); // the compare and its read in Else
    }
    if (size + REQUEST_MARGIN_BYTES > config.maxRequestBytes()) {
      throw new IllegalArgumentException(tooLarge(txn, size));
    }
  }

  private String tooLarge(Txn txn, long size) {
    Txn.Put largest = null;
    for (Txn.Put p : txn.puts()) {
      if (largest == null || p.value().length > largest.value().length) {
        largest = p;
      }
    }
    return "catalog transaction is too large for etcd: " + (size < 0 ? "" : "about " + size + " bytes, ")
        + "the limit is " + config.maxRequestBytes() + " bytes (etcd --max-request-bytes)"
        + (largest == null ? "" : "; its largest value is key " + largest.key() + " with " + largest.value().length + " bytes");
  }

  private static String describe(Txn txn) {
    String first = !txn.puts().isEmpty() ? txn.puts().getFirst().key()
        : !txn.deletes().isEmpty() ? txn.deletes().getFirst() : txn.compares().isEmpty() ? null : txn.compares().getFirst().key();
    return "commit of " + txn.puts().size() + " puts, " + txn.deletes().size() + " deletes, " + txn.compares().size()
        + " compares" + (first == null ? "" : " (" + first + (txn.puts().size() + txn.deletes().size() > 1 ? ", ..." : "") + ")");
  }

  private Entry entry(KeyValue kv) {
    return new Entry(keys.decode(kv.getKey()), kv.getValue().getBytes(), kv.getModRevision());
  }

  /** A scan page asked for a revision that etcd has compacted meanwhile: the scan starts over. */
  private static final class RevisionCompactedException extends IOException {
    private static final long serialVersionUID = 1L;

    RevisionCompactedException(String what, Throwable cause) {
      super(what + ": revision compacted", cause);
    }
  }
}
